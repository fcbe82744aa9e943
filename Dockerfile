# The API in a container, through the portable host: HTTP, queue listeners and timers in one process.
# Settings come from the environment (see local.settings.sample.json), at least
# ConnectionStrings__Postgres and AzureWebJobsStorage; compose.yaml wires them to local services.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Project files first, so the restore layer survives source-only changes.
COPY Directory.Build.props Directory.Packages.props host.json ./
COPY StellarMemory.Core/StellarMemory.Core.csproj StellarMemory.Core/
COPY StellarMemory.Functions/StellarMemory.Functions.csproj StellarMemory.Functions/
RUN dotnet restore StellarMemory.Functions
COPY StellarMemory.Core/ StellarMemory.Core/
COPY StellarMemory.Functions/ StellarMemory.Functions/
RUN dotnet publish StellarMemory.Functions -c Release -o /app -nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
# The image's ASPNETCORE_HTTP_PORTS would compete with urls (and log a warning on every start);
# urls is the setting the portable host documents.
ENV ASPNETCORE_HTTP_PORTS="" \
    urls=http://0.0.0.0:8080
EXPOSE 8080
USER $APP_UID
# Startup applies migrations and loads the embedding model before the first request is served.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null --max-time 4 http://127.0.0.1:8080/api/v1/health || exit 1
ENTRYPOINT ["dotnet", "StellarMemory.Functions.dll"]
