# libgate: multi-stage build; native SQLite is compiled in the builder stage.
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY protocols ./protocols
COPY mappings ./mappings
RUN npm ci && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    LIBGATE_HOST=0.0.0.0 \
    LIBGATE_DB=/var/lib/libgate/libgate.db
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY samples ./samples
RUN useradd --system --home /var/lib/libgate libgate && mkdir -p /var/lib/libgate && chown libgate /var/lib/libgate
USER libgate
VOLUME /var/lib/libgate
EXPOSE 8080 2100 6001
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:8080/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/src/cli/main.js", "serve"]
