/**
 * fast-xml-parser wrapper shared by the XML list parsers.
 *
 * fast-xml-parser is lenient: it silently returns a partial tree for a truncated document, so we
 * check the envelope ourselves — the first element must be the expected root and the document must
 * end with that root's closing tag. A truncated download always loses the closing tag; an HTML error
 * page or another feed has another root. (A full XMLValidator pass would also catch corruption in
 * the middle, but costs ~30 % more time and HTTPS already protects the bytes in transit.)
 */
import { XMLParser } from 'fast-xml-parser';
import { SourceParseError, head } from './errors.ts';
import { stripBom } from './text.ts';

/** A parsed element: child elements by local name, attributes as "@name", text as "#text". */
export interface XmlNode {
  [key: string]: XmlValue;
}
export type XmlValue = string | XmlNode | XmlValue[] | undefined;

export interface XmlDocumentOptions {
  source: string;
  file: string;
  /** Local name of the root element (namespace prefix ignored). */
  root: string;
  /** Elements that may repeat: always parsed as arrays, so a single occurrence reads the same way. */
  arrays: readonly string[];
  /** Parse attributes (the EU file carries all its data in attributes). */
  attributes?: boolean;
  /** Elements dropped while parsing (with their subtree), to save time on bulky noise. */
  skip?: readonly string[];
}

const START_RE = /^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<([A-Za-z_][\w.:-]*)/;

export function parseXmlDocument(text: string, opts: XmlDocumentOptions): XmlNode {
  const fail = (msg: string): never => {
    throw new SourceParseError(opts.source, opts.file, msg);
  };
  const xml = stripBom(text);
  if (xml.trim() === '') fail('file is empty');
  const start = START_RE.exec(xml.slice(0, 4096));
  if (!start) fail(`not an XML document: ${head(xml)}`);
  const rootName = start?.[1] ?? '';
  const local = rootName.slice(rootName.indexOf(':') + 1);
  if (local !== opts.root) {
    fail(
      `expected root element <${opts.root}>, found <${rootName}>${local.toLowerCase() === 'html' ? ' (an HTML error page?)' : ''}`,
    );
  }
  const tail = xml.slice(-512).replace(/(?:\s|<!--[\s\S]*?-->)+$/, '');
  const closes = /<\/([\w.:-]+)\s*>$/.exec(tail)?.[1] === rootName;
  // <root/>: well-formed but empty; the source parser then reports "no entities".
  const selfClosed = xml.length < 4096 && tail.endsWith('/>') && !xml.includes('</');
  if (!closes && !selfClosed) fail(`document does not end with </${rootName}>: truncated download?`);

  const arrays = new Set(opts.arrays);
  const skip = new Set(opts.skip ?? []);
  const parser = new XMLParser({
    ignoreAttributes: opts.attributes !== true,
    attributeNamePrefix: '@',
    removeNSPrefix: true,
    // Ids like "0075258" and "9639" must stay strings.
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    // Callbacks get a matcher object instead of a jPath string built for every tag (costly).
    jPath: false,
    isArray: (name, _path, _leaf, isAttribute) => !isAttribute && arrays.has(name),
    ...(skip.size > 0 ? { updateTag: (name: string) => (skip.has(name) ? false : name) } : {}),
  });
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch (err) {
    fail(`malformed XML: ${(err as Error).message}`);
  }
  const root = (doc as XmlNode | undefined)?.[local];
  if (root === undefined) fail(`root element <${opts.root}> not found after parsing`);
  // An empty root parses to "" — treat as an element without children.
  return typeof root === 'object' && !Array.isArray(root) ? root : {};
}

/** Child elements named `name` as an array (absent → []). Only element children, never text. */
export function children(node: XmlValue, name: string): XmlNode[] {
  if (node === undefined || typeof node !== 'object' || Array.isArray(node)) return [];
  const v = node[name];
  if (v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  const out: XmlNode[] = [];
  for (const item of list) {
    if (item !== undefined && typeof item === 'object' && !Array.isArray(item)) out.push(item);
    else if (typeof item === 'string') out.push({ '#text': item });
  }
  return out;
}

/** First child element named `name`, if any. */
export function child(node: XmlValue, name: string): XmlNode | undefined {
  return children(node, name)[0];
}

/** Text of the child `name` (or of the node itself when name is omitted); "" when absent. */
export function text(node: XmlValue, name?: string): string {
  const v =
    name === undefined
      ? node
      : node !== undefined && typeof node === 'object' && !Array.isArray(node)
        ? node[name]
        : undefined;
  return textOf(v);
}

function textOf(v: XmlValue): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return textOf(v[0]);
  const t = v['#text'];
  return typeof t === 'string' ? t : '';
}

/** Texts of every child `name` (for repeated simple elements, e.g. <VALUE>, <program>). */
export function texts(node: XmlValue, name: string): string[] {
  if (node === undefined || typeof node !== 'object' || Array.isArray(node)) return [];
  const v = node[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map(textOf);
}

/** Attribute value ("" when absent). */
export function attr(node: XmlNode | undefined, name: string): string {
  const v = node?.[`@${name}`];
  return typeof v === 'string' ? v : '';
}
