# Pharos server image. Build: docker build -t pharos .   (untested here: no Docker engine on the build machine)
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:21-jre
# pg_dump / pg_restore for 'pharos backup' and 'pharos restore' (must not be older than the server: 16 here)
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client-16 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data pharos \
 && mkdir -p /data && chown pharos /data
COPY --from=build /src/target/pharos.jar /opt/pharos/pharos.jar
COPY --from=build /src/target/lib /opt/pharos/lib
USER pharos
WORKDIR /data
ENV PHAROS_HOST=0.0.0.0 \
    PHAROS_PORT=8080 \
    PHAROS_DATA_DIR=/data
EXPOSE 8080
VOLUME ["/data"]
# exec form: java is PID 1 and receives SIGTERM, which runs the graceful shutdown
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/pharos/pharos.jar"]
CMD ["serve"]
