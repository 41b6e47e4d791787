# haven as a small container image: built in a Rust image, run from debian:bookworm-slim with
# nothing but the binary (the bundled data, translations and guide are compiled into it).
#   docker build -t haven .
#   docker run -p 8080:8080 -v haven-data:/var/lib/haven haven
#   docker run -p 8080:8080 -e HAVEN_DB=postgres://haven@db/haven haven
# See docs/deploy.md (health checks, graceful shutdown, TLS at a reverse proxy).

FROM rust:1-slim-bookworm AS build
WORKDIR /src
COPY . .
# A release build without debug info and symbols: a smaller image, and nothing in it that
# helps reading a process's memory.
ENV CARGO_PROFILE_RELEASE_DEBUG=0 \
    CARGO_PROFILE_RELEASE_STRIP=symbols \
    CARGO_INCREMENTAL=0
RUN cargo build --release --locked -p haven \
 && install -m 0755 target/release/haven /usr/local/bin/haven

FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --home-dir /var/lib/haven --shell /usr/sbin/nologin haven \
 && mkdir -p /var/lib/haven && chown haven:haven /var/lib/haven
COPY --from=build /usr/local/bin/haven /usr/local/bin/haven
USER haven
WORKDIR /var/lib/haven
VOLUME /var/lib/haven
ENV HAVEN_DB=sqlite:/var/lib/haven/haven.sqlite
EXPOSE 8080
# SIGTERM (what `docker stop` sends) drains requests in flight for up to 10 s, then exits 0;
# give `docker stop -t 20` or the orchestrator's grace period a margin above --drain-timeout.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/haven"]
CMD ["serve", "--addr", "0.0.0.0:8080"]
