# Images for the two runtimes (`make images` builds both):
#   docker build --target engine -t partnership-coach-engine .
#   docker build --target app    -t partnership-coach-app .
# The engine image trains the model at build time so containers start straight away.
# docker-compose.yml runs both; tests/integration/test_images.py runs them against
# PostgreSQL. Both run as the non-root user coach. Both listen on every interface of
# the container (COACH_BIND_HOST) and answer only callers with their token: the engine's
# API wants COACH_ENGINE_TOKEN, the action server COACH_ACTIONS_TOKEN (README, "Security model").

# The Python bases; a mirror or a locally built equivalent can be given with --build-arg.
# The engine needs 3.10 (Rasa 3.6); our own code runs on a supported Python.
ARG PYTHON_IMAGE=python:3.10.19-slim-bookworm
ARG APP_PYTHON_IMAGE=python:3.12.12-slim-bookworm

FROM ${PYTHON_IMAGE} AS engine
ENV RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1 TF_CPP_MIN_LOG_LEVEL=2 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 COACH_BIND_HOST=0.0.0.0
WORKDIR /coach
COPY requirements/engine.txt requirements/engine.txt
RUN python -m pip install --no-cache-dir --require-hashes -r requirements/engine.txt
COPY config.yml credentials.yml endpoints.yml ./
COPY nlu nlu
# The intent classifier (config.yml) is ours; rasa finds it from the working directory.
COPY bot/__init__.py bot/intent_classifier.py bot/engine_runtime.py bot/
RUN rasa train --config config.yml --domain nlu/domain.yml --data nlu/data --out models \
      --fixed-model-name coach
RUN useradd --create-home --uid 10001 coach
USER coach
EXPOSE 5005
# Mount an endpoints.yml pointing at the action server (with its token) and the tracker
# store database. Without COACH_ENGINE_TOKEN the engine refuses to start.
# (Shell form, for the variables; `exec` leaves rasa as PID 1 to receive stop signals.)
CMD exec python -m bot.engine_runtime run --enable-api --auth-token="${COACH_ENGINE_TOKEN:?set COACH_ENGINE_TOKEN}" \
    --model models/coach.tar.gz --endpoints endpoints.yml --credentials credentials.yml \
    --interface "$COACH_BIND_HOST" --port 5005

FROM ${APP_PYTHON_IMAGE} AS app
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONUNBUFFERED=1 COACH_BIND_HOST=0.0.0.0
WORKDIR /coach
# Run-time dependencies only (no test tools), each checked against the lock's hash.
COPY requirements/app.txt requirements/app.txt
RUN python -m pip install --no-cache-dir --require-hashes -r requirements/app.txt
# Our code runs from the working directory (python -m bot...), so it needs no install.
COPY bot bot
COPY knowledge knowledge
RUN useradd --create-home --uid 10001 coach
USER coach
EXPOSE 5055 3000
# The action server (set COACH_ACTIONS_TOKEN and COACH_IDENTITY_SECRET); run the Slack app
# from the same image with `python -m bot.slack`.
CMD ["python", "-m", "bot.action_server", "--port", "5055"]
