#!/usr/bin/env bash
# `npm run test:container`: builds the repo's Dockerfile with Debian's Podman and runs the image:
# healthy (its HEALTHCHECK), as the non-root user, its SQLite files 0600 in /data, and a token
# revoked from inside the container is refused. Not part of `npm test` (it takes minutes).
#
# This machine has no Docker engine and no image registry (only the npm registry and Debian's
# mirror), so the node base image is made here: a Debian bookworm minbase (debootstrap) with this
# machine's Node 20 and npm, imported once as $NODE_IMAGE. Podman runs with runc on cgroupfs,
# host networking and file/process limits under the sandbox's hard limits; where Docker Hub is
# reachable, `docker build .` uses node:20-bookworm-slim instead.
set -euo pipefail
cd "$(dirname "$0")/../.."
NODE_IMAGE=${NODE_IMAGE:-localhost/tt-node:20-bookworm}
IMAGE=localhost/token-tier-server:test
NAME=tt-container-test-$$
P=(podman --runtime runc --cgroup-manager=cgroupfs)
LIMITS=(--ulimit nofile=4096:4096 --ulimit nproc=4096:4096)

need=()
for c in podman runc debootstrap; do command -v "$c" >/dev/null || need+=("$c"); done
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc debootstrap uidmap >/dev/null
fi

if ! "${P[@]}" image exists "$NODE_IMAGE"; then
  ROOT=$(mktemp -d /var/tmp/tt-base-XXXXXX)
  trap 'rm -rf "$ROOT"' EXIT
  debootstrap --variant=minbase bookworm "$ROOT" http://deb.debian.org/debian >/dev/null
  cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
  chroot "$ROOT" sh -c 'apt-get install -y -qq --no-install-recommends ca-certificates >/dev/null && groupadd -g 1000 node && useradd -u 1000 -g node -m -s /bin/sh node'
  # This machine's trust store (its registry proxy's certificate included), Node, npm and Node's headers
  # (better-sqlite3 compiles where no prebuilt binary can be downloaded).
  cp /etc/ssl/certs/ca-certificates.crt "$ROOT/etc/ssl/certs/ca-certificates.crt"
  cp "$(command -v node)" "$ROOT/usr/bin/node"
  mkdir -p "$ROOT/usr/lib/node_modules" "$ROOT/usr/include"
  cp -a "$(dirname "$(readlink -f "$(command -v npm)")")/.." "$ROOT/usr/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$ROOT/usr/bin/npm"
  cp -a /usr/include/node "$ROOT/usr/include/"
  rm -rf "$ROOT"/var/cache/apt/archives/*.deb "$ROOT"/var/lib/apt/lists/*
  tar -C "$ROOT" -c . | "${P[@]}" import --change 'CMD ["node"]' --change 'ENV npm_config_nodedir=/usr' \
    --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' - "$NODE_IMAGE" >/dev/null
fi

# --format docker keeps HEALTHCHECK (the OCI format has no place for it).
"${P[@]}" build --format docker --network host "${LIMITS[@]}" --build-arg NODE_IMAGE="$NODE_IMAGE" -t "$IMAGE" . >/tmp/tt-container-build.log 2>&1 ||
  { tail -30 /tmp/tt-container-build.log; echo "0 passed, 1 failed"; exit 1; }

PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
cleanup() { "${P[@]}" rm -f "$NAME" >/dev/null 2>&1 || true; "${P[@]}" volume rm -f "$NAME" >/dev/null 2>&1 || true; }
trap cleanup EXIT
"${P[@]}" run -d --name "$NAME" --network host -e PORT="$PORT" "${LIMITS[@]}" -v "$NAME:/data" "$IMAGE" >/dev/null
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done

passed=0
failed=0
check() { if eval "$2"; then echo "ok - $1"; passed=$((passed + 1)); else echo "not ok - $1"; failed=$((failed + 1)); fi; }
check "the container answers /readyz" "curl -fs http://127.0.0.1:$PORT/readyz | grep -q '\"ready\":true'"
check "its HEALTHCHECK passes" "\"\${P[@]}\" healthcheck run $NAME 2>/dev/null"
check "it runs as the non-root node user" "[ \"\$(\"\${P[@]}\" exec $NAME id -un)\" = node ]"
check "its SQLite files are 0600" "[ -z \"\$(\"\${P[@]}\" exec $NAME find /data -name 'token-tier.db*' ! -perm 0600)\" ]"
TOKEN=$("${P[@]}" exec "$NAME" node dist/server.js add-person --name Ana --email ana@example.com | grep -o 'tt_[A-Za-z0-9_-]*')
check "a developer token works" "curl -fs -H 'authorization: Bearer $TOKEN' http://127.0.0.1:$PORT/api/v1/me >/dev/null"
ID=$("${P[@]}" exec "$NAME" node dist/server.js tokens | awk '/ana@example.com/ {print $1}')
"${P[@]}" exec "$NAME" node dist/server.js revoke-token --id "$ID" >/dev/null
check "revoked inside the container, it is refused" "[ \"\$(curl -s -o /dev/null -w '%{http_code}' -H 'authorization: Bearer $TOKEN' http://127.0.0.1:$PORT/api/v1/me)\" = 401 ]"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
