# One image, three roles (ROLES=api | connectors | processors, default all three in one process).
# Build:  docker build -t social-analytics .
# Run:    docker run -e ROLES=api -e NODE_ENV=production ... social-analytics
# Debian (glibc), not Alpine: chdb's native library and lmdb's prebuilt binaries are built for glibc.
ARG NODE_IMAGE=node:24-bookworm-slim

# --- build: every dependency (TypeScript, type packages), compile to dist/, then drop the dev ones.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# npm install, not npm ci: the lockfile cannot record chdb's per-platform packages (see
# ops/node-deps.sh); the locked versions are still the ones installed. The postinstall step patches
# kafkajs in node_modules, so the patch script must be here before the install.
COPY package.json package-lock.json ./
COPY ops/patches/ ops/patches/
RUN npm install --no-audit --no-fund --loglevel=error
COPY . .
RUN npm run build \
  && npm prune --omit=dev --no-audit --no-fund --loglevel=error \
  && npm cache clean --force

# --- runtime: production dependencies and dist/ only, as the unprivileged `node` user (1000:1000).
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    ROLES=api,connectors,processors \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080 \
    OPS_PORT=8081 \
    CLICKHOUSE_PATH=/tmp/chdb \
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json ./
COPY --from=build --chown=root:root /app/node_modules/ node_modules/
COPY --from=build --chown=root:root /app/dist/ dist/
# Files owned by root and the process run as node: the code cannot rewrite itself. It writes only
# under /tmp (stream state stores, embedded chdb): an emptyDir in Kubernetes.
# Numeric, so Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
USER 1000:1000
EXPOSE 8080 8081
# Node as PID 1 with exec form, no shell or npm in between: the process registers its own SIGTERM
# and SIGINT handlers (stop intake, commit, close; SHUTDOWN_TIMEOUT_MS), which is all a PID 1
# needs, and it starts no child processes to reap, so no tini. No HEALTHCHECK: Kubernetes probes
# /healthz and /readyz on OPS_PORT.
CMD ["node", "dist/app/main.js"]
