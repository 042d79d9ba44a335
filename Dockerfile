# syntax=docker/dockerfile:1
# The production image: the compiled service on the pinned Node 24 (the primary runtime, .nvmrc),
# run as `node` itself under tini, as a non-root user, on a read-only root filesystem. It holds no
# FerretDB: MONGODB_URI must name the MongoDB replica set. Built and started the way deploy/README.md says.

ARG NODE_IMAGE=node:24.22.3-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY gen/ts ./gen/ts
RUN npx tsc -p tsconfig.build.json

FROM ${NODE_IMAGE} AS runtime-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE}
# tini as PID 1 forwards SIGTERM to node and reaps children (the drain: SHUTDOWN_DELAY_MS, SHUTDOWN_GRACE_MS).
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini=0.19.* \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production \
    SESSION_POLICY_LISTEN=0.0.0.0:50051 \
    METRICS_LISTEN=0.0.0.0:9464 \
    HTTP_LISTEN=off
COPY --from=runtime-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# Read at run time: the descriptor sets (reflection, proto3 JSON) and the widget module.
COPY gen/descriptor ./gen/descriptor
COPY widget ./widget
# The image's own unprivileged user (uid 1000), never root.
USER node
EXPOSE 50051 9464 8080
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/src/main.js"]
