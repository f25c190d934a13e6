# One image for both Tickler processes:
#   API (default): node dist/src/api/main.js
#   worker:        node dist/worker.js
# Debian (glibc), not Alpine: the Temporal worker's native core-bridge and @swc/core ship glibc binaries.
# No HEALTHCHECK here because the two processes need different checks; docker-compose.yml sets them.

ARG NODE_IMAGE=node:20.20.2-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# @swc/core (used by the Temporal worker to bundle workflow code) is pinned through "overrides" in
# package.json; npm ci installs exactly what package-lock.json records, so the image gets that version.
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json worker.ts ./
COPY src ./src
# tsc emits only JavaScript; the SQL migrations are read at run time next to the compiled migrate.js.
RUN npm run build \
  && mkdir -p dist/src/db \
  && cp -R src/db/migrations dist/src/db/migrations

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
# Appeal packet templates, read at each packet (APPEAL_TEMPLATES_DIR, relative to /app); mount an office's
# own copies over /app/templates/appeals to change them without rebuilding.
COPY templates ./templates
# The code stays root-owned and read-only for the app user. DATA_DIR (.data) is only written by the
# embedded defaults, used when TEMPORAL_ADDRESS or DATABASE_URL is unset.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000
CMD ["node", "dist/src/api/main.js"]
