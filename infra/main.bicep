// Stellar Memory Cloud on Azure: the Functions app on Flex Consumption, PostgreSQL with pgvector,
// Azure Storage for the host and the queues, Key Vault for every secret, Application Insights.
// Deploy into a resource group:
//   az deployment group create -g <group> -f infra/main.bicep -p infra/main.parameters.json \
//     -p postgresAdminPassword=<...> [-p stripeSecretKey=<...> ...]
// Every app setting in local.settings.sample.json has a counterpart here; keep the two in step.

targetScope = 'resourceGroup'

@description('Short name used in every resource name: letters and digits only.')
@minLength(2)
@maxLength(12)
param appName string = 'stellar'

@description('Region of every resource.')
param location string = resourceGroup().location

// ---------------------------------------------------------------------------------------------
// Function App hosting

@description('Upper bound on Flex Consumption instances; caps cost and PostgreSQL connections.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Instance memory; 2048 MB leaves headroom for the in-process embedding model.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Concurrent HTTP requests one instance takes before Flex Consumption scales out.')
@minValue(1)
@maxValue(1000)
param httpPerInstanceConcurrency int = 16

// ---------------------------------------------------------------------------------------------
// PostgreSQL

@description('Administrator login of the PostgreSQL server; the app connects as this user.')
param postgresAdminLogin string = 'stellaradmin'

@description('Administrator password of the PostgreSQL server.')
@secure()
param postgresAdminPassword string

@description('Compute size of the PostgreSQL server.')
param postgresSkuName string = 'Standard_B1ms'

@description('Tier of postgresSkuName.')
@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param postgresSkuTier string = 'Burstable'

@description('Storage of the PostgreSQL server, in GB.')
param postgresStorageSizeGB int = 32

// ---------------------------------------------------------------------------------------------
// Non-secret app settings (defaults as in local.settings.sample.json)

param usageEventsQueue string = 'usage-events'
param webhookEventsQueue string = 'webhook-events'

@description('NCRONTAB, UTC.')
param usageRollupSchedule string = '0 5 0 * * *'

@description('NCRONTAB, UTC.')
param reorbitSchedule string = '0 17 * * * *'

@description('NCRONTAB, UTC: embeds memories again after the embedding model changes.')
param reembedSchedule string = '*/30 * * * * *'

@description('NCRONTAB, UTC: enqueues stored webhook events that are unprocessed and due.')
param webhookSweepSchedule string = '*/30 * * * * *'

@description('Model that embeds memories and queries: snowflake-arctic-embed-xs, all-minilm-l6-v2, or hosted.')
param embeddingsModel string = 'snowflake-arctic-embed-xs'

@description('OpenAI-compatible embeddings API root (e.g. https://NAME.openai.azure.com/openai/v1); empty: no hosted model.')
param embeddingsHostedBaseUrl string = ''

@description('Header that carries the hosted API key: Authorization (bearer) or api-key.')
param embeddingsHostedApiKeyHeader string = 'Authorization'

@description('Hosted model (Azure: deployment) name; it must return 384 dimensions.')
param embeddingsHostedModel string = ''

@description('NCRONTAB, UTC.')
param tossRenewalSchedule string = '0 0 * * * *'

@description('NCRONTAB, UTC.')
param subscriptionExpirySchedule string = '0 */5 * * * *'

@description('Days raw usage events are kept.')
param usageRetentionDays int = 90

@description('Registrations allowed per client address per hour.')
param registrationPerAddressPerHour int = 10

@description('Invalid keys one client address may present per minute (per instance) before it gets 429.')
param authenticationFailuresPerAddressPerMinute int = 30

@description('Multiplies every plan\'s requests per minute; above 1 only for private deployments and load tests.')
@minValue(1)
param rateLimitingPlanMultiplier int = 1

@description('Believe X-Forwarded-For (its last entry) for the client address.')
param httpTrustForwardedFor bool = false

@description('Where customers return after checkout: the landing page.')
param billingPublicBaseUrl string

@description('Days a past-due subscription keeps its plan.')
param billingGraceDays int = 7

param stripeApiBase string = 'https://api.stripe.com'
param stripePriceIdPro string = ''
param stripePriceIdTeam string = ''

param lemonSqueezyApiBase string = 'https://api.lemonsqueezy.com'
param lemonSqueezyStoreId string = ''
param lemonSqueezyVariantIdPro string = ''
param lemonSqueezyVariantIdTeam string = ''

param tossApiBase string = 'https://api.tosspayments.com'
param tossClientKey string = ''

// ---------------------------------------------------------------------------------------------
// Secrets. A provider's secrets may stay empty: the app then treats that provider as not
// configured, and no Key Vault secret is created for it (a reference to a missing secret would
// leave the setting unresolved instead of empty).

@secure()
@description('Stripe secret API key.')
param stripeSecretKey string = ''

@secure()
@description('Stripe webhook endpoint signing secret.')
param stripeWebhookSecret string = ''

@secure()
@description('Lemon Squeezy API key.')
param lemonSqueezyApiKey string = ''

@secure()
@description('Lemon Squeezy webhook signing secret.')
param lemonSqueezySigningSecret string = ''

@secure()
@description('Toss Payments secret key.')
param tossSecretKey string = ''

@secure()
@description('API key of the hosted embeddings API.')
param embeddingsHostedApiKey string = ''

@secure()
@description('Base64 of 32 random bytes; encrypts stored Toss billing keys. Required with Toss.')
param billingEncryptionKey string = ''

@secure()
@description('Comma-separated earlier encryption keys, still read while rotating to a new one; empty otherwise.')
param billingPreviousEncryptionKeys string = ''

// ---------------------------------------------------------------------------------------------

// Storage, Key Vault and PostgreSQL names are global and lowercase.
var name = toLower(appName)
var suffix = uniqueString(resourceGroup().id, name)
var functionAppName = 'func-${name}-${suffix}'
var storageAccountName = take('st${name}${suffix}', 24)
var keyVaultName = take('kv-${name}-${suffix}', 24)
var postgresServerName = 'psql-${name}-${suffix}'
var postgresDatabaseName = 'stellar'
// One container per app, so a second app sharing the account cannot overwrite this one's package.
var deploymentContainerName = 'app-package-${functionAppName}'

var roleIds = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
}

// Npgsql reads a quoted value verbatim (a doubled quote stands for one), so any password works.
var postgresConnectionString = 'Host=${postgres.properties.fullyQualifiedDomainName};Port=5432;Database=${postgresDatabaseName};Username=${postgresAdminLogin};Password=\'${replace(postgresAdminPassword, '\'', '\'\'')}\';SSL Mode=Require'

var optionalSecrets = [
  {
    name: 'stripe-secret-key'
    setting: 'Billing__Stripe__SecretKey'
    value: stripeSecretKey
  }
  {
    name: 'stripe-webhook-secret'
    setting: 'Billing__Stripe__WebhookSecret'
    value: stripeWebhookSecret
  }
  {
    name: 'lemonsqueezy-api-key'
    setting: 'Billing__LemonSqueezy__ApiKey'
    value: lemonSqueezyApiKey
  }
  {
    name: 'lemonsqueezy-signing-secret'
    setting: 'Billing__LemonSqueezy__SigningSecret'
    value: lemonSqueezySigningSecret
  }
  {
    name: 'toss-secret-key'
    setting: 'Billing__Toss__SecretKey'
    value: tossSecretKey
  }
  {
    name: 'embeddings-hosted-api-key'
    setting: 'Embeddings__Hosted__ApiKey'
    value: embeddingsHostedApiKey
  }
  {
    name: 'billing-encryption-key'
    setting: 'Billing__EncryptionKey'
    value: billingEncryptionKey
  }
  {
    name: 'billing-previous-encryption-keys'
    setting: 'Billing__PreviousEncryptionKeys'
    value: billingPreviousEncryptionKeys
  }
]

func keyVaultReference(vaultUri string, secretName string) string =>
  '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${secretName})'

// ---------------------------------------------------------------------------------------------
// Monitoring

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${name}-${suffix}'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${name}-${suffix}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
  }
}

// ---------------------------------------------------------------------------------------------
// Storage: host state, deployment packages and the app's queues

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // The app's own queue clients take a connection string (AzureWebJobsStorage), so shared keys stay on.
    allowSharedKeyAccess: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

// The app creates its queues at startup too; creating them here lets the scale controller watch
// them before the first instance has ever run.
resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [
  for queueName in [usageEventsQueue, webhookEventsQueue]: {
    parent: queueService
    name: queueName
  }
]

// ---------------------------------------------------------------------------------------------
// PostgreSQL with pgvector

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: postgresServerName
  location: location
  sku: {
    name: postgresSkuName
    tier: postgresSkuTier
  }
  properties: {
    version: '16'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    authConfig: {
      passwordAuth: 'Enabled'
      activeDirectoryAuth: 'Disabled'
    }
    storage: {
      storageSizeGB: postgresStorageSizeGB
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
    network: {
      publicNetworkAccess: 'Enabled'
    }
  }
}

// Migrations run CREATE EXTENSION vector, which Azure refuses unless the extension is allow-listed.
resource postgresExtensions 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: postgres
  name: 'azure.extensions'
  properties: {
    value: 'VECTOR'
    source: 'user-defined'
  }
}

// The server takes one change at a time, so the children below wait for each other.
resource postgresDatabase 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: postgres
  name: postgresDatabaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
  dependsOn: [
    postgresExtensions
  ]
}

// Flex Consumption has no fixed outbound addresses; 0.0.0.0 is Azure's "allow Azure services".
resource postgresAllowAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: postgres
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
  dependsOn: [
    postgresDatabase
  ]
}

// ---------------------------------------------------------------------------------------------
// Key Vault

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
  }
}

resource postgresSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'postgres-connection-string'
  properties: {
    value: postgresConnectionString
  }
}

resource providerSecrets 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [
  for secret in optionalSecrets: if (!empty(secret.value)) {
    parent: keyVault
    name: secret.name
    properties: {
      value: secret.value
    }
  }
]

// ---------------------------------------------------------------------------------------------
// Function App

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${name}-${suffix}'
  location: location
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

var baseAppSettings = [
  // The app's queue producers and the portable host need a connection string; an identity-based
  // AzureWebJobsStorage__accountName alone would leave them without one.
  {
    name: 'AzureWebJobsStorage'
    value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: appInsights.properties.ConnectionString
  }
  {
    name: 'ConnectionStrings__Postgres'
    value: keyVaultReference(keyVault.properties.vaultUri, postgresSecret.name)
  }
  {
    name: 'UsageEventsQueue'
    value: usageEventsQueue
  }
  {
    name: 'WebhookEventsQueue'
    value: webhookEventsQueue
  }
  {
    name: 'UsageRollupSchedule'
    value: usageRollupSchedule
  }
  {
    name: 'ReorbitSchedule'
    value: reorbitSchedule
  }
  {
    name: 'ReembedSchedule'
    value: reembedSchedule
  }
  {
    name: 'WebhookSweepSchedule'
    value: webhookSweepSchedule
  }
  {
    name: 'Embeddings__Model'
    value: embeddingsModel
  }
  {
    name: 'Embeddings__Hosted__BaseUrl'
    value: embeddingsHostedBaseUrl
  }
  {
    name: 'Embeddings__Hosted__ApiKeyHeader'
    value: embeddingsHostedApiKeyHeader
  }
  {
    name: 'Embeddings__Hosted__Model'
    value: embeddingsHostedModel
  }
  {
    name: 'Embeddings__Hosted__Dimensions'
    value: '384'
  }
  {
    name: 'TossRenewalSchedule'
    value: tossRenewalSchedule
  }
  {
    name: 'SubscriptionExpirySchedule'
    value: subscriptionExpirySchedule
  }
  {
    name: 'Usage__RetentionDays'
    value: string(usageRetentionDays)
  }
  {
    name: 'Usage__ShutdownDrainSeconds'
    value: '10'
  }
  {
    name: 'Registration__PerAddressPerHour'
    value: string(registrationPerAddressPerHour)
  }
  {
    name: 'Authentication__FailuresPerAddressPerMinute'
    value: string(authenticationFailuresPerAddressPerMinute)
  }
  {
    name: 'RateLimiting__PlanMultiplier'
    value: string(rateLimitingPlanMultiplier)
  }
  {
    name: 'Http__TrustForwardedFor'
    value: httpTrustForwardedFor ? 'true' : 'false'
  }
  {
    name: 'Billing__PublicBaseUrl'
    value: billingPublicBaseUrl
  }
  {
    name: 'Billing__GraceDays'
    value: string(billingGraceDays)
  }
  {
    name: 'Billing__Stripe__ApiBase'
    value: stripeApiBase
  }
  {
    name: 'Billing__Stripe__Prices__pro'
    value: stripePriceIdPro
  }
  {
    name: 'Billing__Stripe__Prices__team'
    value: stripePriceIdTeam
  }
  {
    name: 'Billing__LemonSqueezy__ApiBase'
    value: lemonSqueezyApiBase
  }
  {
    name: 'Billing__LemonSqueezy__StoreId'
    value: lemonSqueezyStoreId
  }
  {
    name: 'Billing__LemonSqueezy__Variants__pro'
    value: lemonSqueezyVariantIdPro
  }
  {
    name: 'Billing__LemonSqueezy__Variants__team'
    value: lemonSqueezyVariantIdTeam
  }
  {
    name: 'Billing__Toss__ApiBase'
    value: tossApiBase
  }
  {
    name: 'Billing__Toss__ClientKey'
    value: tossClientKey
  }
]

var secretAppSettings = map(optionalSecrets, secret => {
  name: secret.setting
  value: empty(secret.value) ? '' : keyVaultReference(keyVault.properties.vaultUri, secret.name)
})

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: functionAppName
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      // FUNCTIONS_WORKER_RUNTIME is not an app setting here: Flex Consumption rejects it and takes
      // the worker runtime from functionAppConfig.runtime below.
      appSettings: concat(baseAppSettings, secretAppSettings)
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        triggers: {
          http: {
            perInstanceConcurrency: httpPerInstanceConcurrency
          }
        }
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
  dependsOn: [
    deploymentContainer
    providerSecrets
    postgresAllowAzure
  ]
}

// Deployment packages are read with the app's identity, and the host keeps its leases in blobs.
resource blobOwnerRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, functionApp.id, roleIds.storageBlobDataOwner)
  properties: {
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageBlobDataOwner)
  }
}

resource queueContributorRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, functionApp.id, roleIds.storageQueueDataContributor)
  properties: {
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageQueueDataContributor)
  }
}

// Key Vault references in the app settings resolve with the app's system-assigned identity.
resource keyVaultSecretsUserRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: keyVault
  name: guid(keyVault.id, functionApp.id, roleIds.keyVaultSecretsUser)
  properties: {
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.keyVaultSecretsUser)
  }
}

output functionAppName string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
