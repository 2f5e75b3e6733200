# Token Tier's team backend (server/) with its company dashboard, as a container:
#   docker build -t token-tier-server .        (or: podman build …)
#   docker run -p 8787:8787 -v tt-data:/data token-tier-server          (SQLite in the volume)
#   docker compose up                                                    (PostgreSQL: compose.yaml)
# Three stages: build the bundles from the repo, install the server package's production
# dependencies (better-sqlite3, pg) on their own, and a slim image that runs as a non-root user.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# The build needs esbuild, the price list and the TypeScript sources; no install script needs to run.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY esbuild.config.mjs tsconfig.json ./
COPY scripts/build-prices.mjs scripts/
COPY src src
COPY webview webview
COPY server server
RUN node esbuild.config.mjs --production

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# better-sqlite3 downloads a prebuilt binary for this Node; where none fits it compiles (these tools).
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY server/package.json server/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    PORT=8787 \
    TOKEN_TIER_DB=/data/token-tier.db
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /src/server/dist ./dist
COPY server/package.json ./
# The database (SQLite) lives in /data, the only place the server writes; its files are 0600.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 8787
# Healthy = the server answers and its database does (/readyz; /healthz is only "alive").
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# 0.0.0.0 inside the container; publish the port on the host's loopback or behind a TLS proxy.
CMD ["node", "dist/server.js", "serve", "--host", "0.0.0.0"]
