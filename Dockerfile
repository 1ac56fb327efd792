# syntax=docker/dockerfile:1
# Build stage: every dependency from the lock file, then compile src/ to dist/ (what runs in production).
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npx tsc -p tsconfig.build.json

# Production dependencies only, from the same lock file.
FROM node:22-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# Runtime stage: non-root, tini as PID 1 so SIGTERM reaches node and zombies are reaped.
FROM node:22-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production PORT=8080 DATABASE_URL=file:/var/lib/sidecar/sidecar.db
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The ISO 20275 legal-form table is data beside its loader (src/sanctions/elf-legal-forms.ts); tsc copies only code.
COPY --from=build /app/src/sanctions/tables/elf-legal-forms.tsv ./dist/sanctions/tables/
COPY package.json ./
COPY drizzle ./drizzle
COPY drizzle-pg ./drizzle-pg
COPY lists ./lists
RUN mkdir -p /var/lib/sidecar && chown node:node /var/lib/sidecar
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/readyz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
ENTRYPOINT ["/usr/bin/tini", "--"]
# The same flags and allocator setting as `npm start` (src/gc-tuning.ts says why).
ENV MALLOC_ARENA_MAX=2
CMD ["node", "--heap-growing-percent=100", "--no-memory-reducer", "--enable-source-maps", "dist/main.js"]
