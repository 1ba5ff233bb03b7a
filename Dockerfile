# One aimesh node per container (docker-compose.yml). No build step: the CLI runs the
# TypeScript sources through tsx, so the image is the repository with its dependencies.
FROM node:20-bookworm-slim

WORKDIR /app
# Manifests first, so dependency layers are reused when only sources change.
COPY package.json package-lock.json ./
COPY packages/protocol/package.json packages/protocol/
COPY packages/store/package.json packages/store/
COPY packages/engine/package.json packages/engine/
COPY packages/network/package.json packages/network/
COPY packages/node/package.json packages/node/
COPY packages/simulation/package.json packages/simulation/
COPY apps/cli/package.json apps/cli/
RUN npm ci --omit=dev && npm cache clean --force
COPY . .

# Node homes (keystore, token, data, backups) live under /var/lib/aimesh, a volume per service.
RUN mkdir -p /var/lib/aimesh /shared && chown -R node:node /var/lib/aimesh /shared
USER node
ENV AIMESH_LOG_PRETTY=false
EXPOSE 4645 8645
ENTRYPOINT ["node", "apps/cli/bin/aimesh.js"]
CMD ["--help"]
