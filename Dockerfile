# Weft in one image: `start` runs every role; pass `start --roles=api` or `start --roles=worker`
# to split them (see compose.yaml and docs/operations.md).
FROM node:20-bookworm-slim

WORKDIR /app

# Workspace manifests first, so the dependency layer is rebuilt only when they change.
COPY package.json package-lock.json ./
COPY apps/server/package.json apps/server/package.json
COPY apps/link/package.json apps/link/package.json
COPY apps/demo/package.json apps/demo/package.json
COPY apps/dashboard/package.json apps/dashboard/package.json
COPY packages/react-link/package.json packages/react-link/package.json
RUN npm ci --omit=dev --no-audit --no-fund
RUN npm cache clean --force

COPY . .
# Link and the demo are built once here, not at every start as `npm start` would.
RUN npm run build

RUN mkdir -p /data && chown node:node /data

# Weft listens on loopback by default; inside a container it must listen on every interface, and
# the port is published (or kept on an internal network) by whoever runs it.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    WEFT_DATA_DIR=/data

USER node
VOLUME ["/data"]
EXPOSE 8080

# A worker serves no API: give it WEFT_METRICS_PORT and the check asks that listener instead.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.WEFT_METRICS_PORT || process.env.PORT) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# node itself is PID 1's only child of note: it receives SIGTERM and drains (WEFT_SHUTDOWN_TIMEOUT_MS).
ENTRYPOINT ["node", "--import", "tsx", "apps/server/src/main.ts"]
CMD ["start"]
