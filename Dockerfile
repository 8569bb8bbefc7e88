# Portalchat: one image, ONE process of a host per container (nats, state, portal or gateway),
# chosen by the command; every container of a host mounts the same host file.
#
#   docker build -t portalchat .
#   docker run -v ./chatsrv1.yaml:/etc/portalchat/host.yaml:ro -v chatsrv1-data:/var/lib/portalchat portalchat state
#
# The host file's paths and addresses are the container's: dataDir under /var/lib/portalchat,
# listeners on 0.0.0.0, nats.url naming the NATS container (nats://nats:4222). See "Deploying
# hosts on separate machines" in the README.

FROM node:20-bookworm-slim AS build
WORKDIR /src
ENV NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
# Every workspace's package.json must be there for npm ci, so the sources come in whole (a change
# to any of them reinstalls the dependencies; the tree is small enough for that).
COPY package.json package-lock.json nx.json tsconfig.base.json jest.preset.js ./
COPY apps apps
COPY libs libs
COPY tools tools
RUN npm ci
RUN npx nx run-many -t build --projects=gateway,state,portal,launcher,map --outputStyle=static
RUN npm prune --omit=dev

FROM node:20-bookworm-slim
# nats-server for the `nats` container (Debian's package, the version the tests run against).
RUN apt-get update \
 && apt-get install -y --no-install-recommends nats-server \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/lib/portalchat /etc/portalchat \
 && chown node:node /var/lib/portalchat
WORKDIR /opt/portalchat
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
USER node
VOLUME /var/lib/portalchat
# IRC (clients), portal gRPC (peer hosts), health/metrics (the operator), NATS (this host's containers only).
EXPOSE 6667 6665 8080 8081 8082 4222
ENTRYPOINT ["node", "--max-semi-space-size=8", "dist/tools/launcher/run.js", "--config", "/etc/portalchat/host.yaml"]
CMD ["gateway"]
