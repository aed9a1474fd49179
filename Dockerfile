# The engine (worker and API) for docker-compose.yml or any container platform. PostgreSQL and Temporal are separate.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
# npm install, not npm ci: the lock file lacks other platforms' optional binaries (see README).
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force
COPY . .
ENV NODE_ENV=production
EXPOSE 3000
USER node
CMD ["npm", "run", "engine"]
