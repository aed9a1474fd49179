# The engine (worker and API) for docker-compose.yml or any container platform. PostgreSQL and Temporal are separate.
# The staff console is built with the dev dependencies (Vite), then only its bundle is kept.
FROM node:20-bookworm-slim AS console
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY admin-ui ./admin-ui
RUN npm run console:build

FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
# npm install, not npm ci: the lock file lacks other platforms' optional binaries (see README).
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force
COPY . .
COPY --from=console /app/admin-ui/dist ./admin-ui/dist
ENV NODE_ENV=production
EXPOSE 3000
USER node
CMD ["npm", "run", "engine"]
