# tokenwatch: one image for every service; the command picks the role:
#   docker run … tokenwatch migrate | run ingest | run notifier | run api | up
# There is no build step: the CLI runs the TypeScript sources with the tsx loader (a dev dependency,
# hence --prod=false). See infra/README.md for docker compose and Kubernetes.
FROM node:20-slim

ENV COREPACK_ENABLE_DOWNLOAD_PROMPT=0
# The corepack bundled with Node 20 cannot verify current pnpm signatures: update it first.
RUN npm install -g corepack@latest && corepack enable

WORKDIR /app
# Dependencies first, from the lockfile alone, so that a source change does not refetch them.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
RUN corepack install && pnpm fetch

COPY . .
RUN pnpm install --frozen-lockfile --prod=false --offline \
    && mkdir -p /var/lib/tokenwatch \
    && chown node:node /var/lib/tokenwatch

# Containers listen on every interface; the state folder is a volume (chDB data in embedded mode,
# the development fingerprint key). Deployments set CLICKHOUSE_URL and KAFKA_BROKERS.
ENV TOKENWATCH_HOME=/var/lib/tokenwatch \
    TOKENWATCH_API_HOST=0.0.0.0 \
    TOKENWATCH_API_PORT=8080
VOLUME ["/var/lib/tokenwatch"]
EXPOSE 8080
USER node

# node itself is the entrypoint (not pnpm or a shell), so SIGTERM reaches the CLI's shutdown.
ENTRYPOINT ["node", "--import", "tsx", "packages/cli/src/main.ts"]
CMD ["help"]
