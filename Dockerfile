# One image, three roles (ROLES=api | connectors | processors, default all three in one process),
# and the lake's operator commands (dist/app/lake.js: backups and restores, with pg_dump).
# Build:  docker build -t social-analytics .
# Run:    docker run -e ROLES=api -e NODE_ENV=production ... social-analytics
# Debian (glibc), not Alpine: chdb's native library and lmdb's prebuilt binaries are built for glibc.
ARG NODE_IMAGE=node:24-bookworm-slim
# pg_dump and pg_restore (the backup CronJob, app/lake.ts) of the PostgreSQL server's major version:
# pg_dump refuses a newer server, and a newer pg_dump's output may not load into an older one.
# Build with --build-arg POSTGRES_MAJOR=<your server's major>; PGDG's apt repository has them all.
ARG POSTGRES_MAJOR=17

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

# --- pgdg: the key of the PostgreSQL project's apt repository, taken from Debian's postgresql-common
# package (apt checks it against Debian's signed archive), so nothing is fetched unverified.
FROM ${NODE_IMAGE} AS pgdg
# hadolint ignore=DL3008
RUN apt-get update \
  && apt-get install -y --no-install-recommends postgresql-common \
  && rm -rf /var/lib/apt/lists/*

# --- runtime: production dependencies and dist/ only, as the unprivileged `node` user (1000:1000).
FROM ${NODE_IMAGE} AS runtime
ARG POSTGRES_MAJOR
COPY --from=pgdg /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc /usr/share/keyrings/pgdg.asc
# The client tools only (no server), from apt.postgresql.org for the distribution the base image
# runs. Unpinned versions: the major is fixed by the package name, and the minor releases are
# PostgreSQL's security and bug fixes, taken at every build.
# hadolint ignore=DL3008
RUN apt-get update \
  && apt-get install -y --no-install-recommends ca-certificates \
  && . /etc/os-release \
  && echo "deb [signed-by=/usr/share/keyrings/pgdg.asc] https://apt.postgresql.org/pub/repos/apt ${VERSION_CODENAME}-pgdg main" \
    > /etc/apt/sources.list.d/pgdg.list \
  && apt-get update \
  && apt-get install -y --no-install-recommends "postgresql-client-${POSTGRES_MAJOR}" \
  && rm -rf /var/lib/apt/lists/*
# That major's binaries first, not Debian's pg_wrapper (a Perl script choosing among majors).
ENV PATH=/usr/lib/postgresql/${POSTGRES_MAJOR}/bin:$PATH
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
# The roles run main.js; the backup CronJob runs `node dist/app/lake.js backup postgres|clickhouse`.
# Node as PID 1 with exec form, no shell or npm in between: the process registers its own SIGTERM
# and SIGINT handlers (stop intake, commit, close; SHUTDOWN_TIMEOUT_MS), which is all a PID 1
# needs, and it starts no child processes to reap, so no tini. No HEALTHCHECK: Kubernetes probes
# /healthz and /readyz on OPS_PORT.
CMD ["node", "dist/app/main.js"]
