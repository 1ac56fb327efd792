/** The console's stylesheet, served as /console/assets/console.css (a string here so that dist/ carries it). */
export const CONSOLE_CSS = `
:root { --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg: #fff; --panel: #f6f8fa; --accent: #0b5cad;
  --bad: #a40e26; --warn: #7a4b00; --ok: #1a6b32; font-family: system-ui, sans-serif; color: var(--fg); }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); line-height: 1.45; font-size: 15px; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible,
summary:focus-visible { outline: 3px solid #f0b400; outline-offset: 2px; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; z-index: 10; }
header.top { display: flex; align-items: center; gap: 24px; padding: 8px 20px; background: #102a43; color: #fff; }
header.top a { color: #fff; }
header.top nav ul { display: flex; gap: 16px; list-style: none; margin: 0; padding: 0; }
header.top nav a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
header.top .who { margin-left: auto; display: flex; gap: 12px; align-items: center; }
header.top .who button { background: transparent; color: #fff; border: 1px solid #fff; }
main { padding: 16px 20px 40px; max-width: 1240px; }
h1 { font-size: 1.5rem; margin: 0.2em 0 0.6em; }
h2 { font-size: 1.15rem; margin: 1.2em 0 0.4em; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
form.inline { display: inline-flex; gap: 6px; align-items: center; margin: 0; }
form.filters { display: flex; flex-wrap: wrap; gap: 10px; align-items: flex-end; background: var(--panel);
  padding: 10px; border: 1px solid var(--line); }
form.filters label, form.stack label { display: flex; flex-direction: column; font-size: 0.9rem; gap: 2px; }
form.stack { display: flex; flex-direction: column; gap: 10px; max-width: 520px; }
input, select, textarea, button { font: inherit; padding: 4px 8px; border: 1px solid #8c959f; border-radius: 4px; }
button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); }
button.danger { background: var(--bad); border-color: var(--bad); }
.message { padding: 8px 12px; border: 2px solid var(--accent); background: #eaf3fc; margin: 8px 0; }
.message.error { border-color: var(--bad); background: #fdecee; }
.sla { font-weight: 600; }
.sla.overdue { color: var(--bad); }
.sla.due-soon { color: var(--warn); }
.sla.on-time { color: var(--ok); }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
.card { border: 1px solid var(--line); padding: 10px 14px; background: #fff; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
table.align td.kind-exact { font-weight: 700; }
table.align td.kind-unmatched { color: var(--bad); font-style: italic; }
.muted { color: var(--muted); }
ol.timeline { list-style: none; padding: 0; border-left: 3px solid var(--line); margin-left: 6px; }
ol.timeline li { padding: 4px 0 8px 12px; }
figure { margin: 0; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 20px; }
.chart-box { position: relative; height: 280px; }
details summary { cursor: pointer; }
.signin { max-width: 440px; margin: 40px auto; }
`;
