// Stellar Memory Cloud on Azure: the Functions app on Flex Consumption, PostgreSQL with pgvector,
// Azure Storage for the host and the queues, Key Vault for every secret, Application Insights, all
// reached over private endpoints from the app's virtual network and signed in to with the app's
// user-assigned managed identity rather than keys or passwords.
// Deploy with `azd up` (azure.yaml, infra/main.parameters.json), or into a resource group by hand:
//   az deployment group create -g <group> -f infra/main.bicep -p infra/main.parameters.json \
//     -p environmentName=<name> location=<region> postgresAdminPassword=<...> [-p stripeSecretKey=<...> ...]
// infra/main.dev.parameters.json is the cheaper shape for a test environment (no HA, Burstable).
// Every app setting in local.settings.sample.json has a counterpart here; keep the two in step.

targetScope = 'resourceGroup'

@description('Short name used in every resource name: letters and digits only.')
@minLength(2)
@maxLength(12)
param appName string = 'stellar'

@description('Name of the azd environment; tags every resource so azd finds them.')
param environmentName string = appName

@description('Region of every resource.')
param location string = resourceGroup().location

// ---------------------------------------------------------------------------------------------
// Function App hosting

@description('Upper bound on Flex Consumption instances; caps cost and PostgreSQL connections (see postgresMaxPoolSize).')
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

@description('Administrator login of the PostgreSQL server: break-glass only; the app signs in with its identity.')
param postgresAdminLogin string = 'stellaradmin'

@description('Administrator password of the PostgreSQL server, kept in Key Vault (postgres-admin-password) for break-glass use.')
@secure()
param postgresAdminPassword string

@description('Compute size of the PostgreSQL server; its max_connections must cover maximumInstanceCount x the pools.')
param postgresSkuName string = 'Standard_D4ds_v5'

@description('Tier of postgresSkuName. High availability needs GeneralPurpose or MemoryOptimized.')
@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param postgresSkuTier string = 'GeneralPurpose'

@description('Storage of the PostgreSQL server, in GB.')
param postgresStorageSizeGB int = 64

@description('Connections per instance in the main Npgsql pool (Postgres__MaxPoolSize).')
@minValue(1)
param postgresMaxPoolSize int = 30

@description('Connections per instance in the bookkeeping pool (Postgres__BookkeepingMaxPoolSize).')
@minValue(1)
param postgresBookkeepingMaxPoolSize int = 8

@description('ZoneRedundant keeps a standby in another zone with automatic failover; Disabled for test environments.')
@allowed([
  'ZoneRedundant'
  'SameZone'
  'Disabled'
])
param postgresHighAvailability string = 'ZoneRedundant'

@description('Days of point-in-time restore.')
@minValue(7)
@maxValue(35)
param postgresBackupRetentionDays int = 35

@description('Copy backups to the paired region; set Disabled in a region without a pair.')
@allowed([
  'Enabled'
  'Disabled'
])
param postgresGeoRedundantBackup string = 'Enabled'

// ---------------------------------------------------------------------------------------------
// Network

@description('Public network access of PostgreSQL, Key Vault and storage. Disabled: only the app\'s virtual network reaches them, through private endpoints.')
@allowed([
  'Disabled'
  'Enabled'
])
param publicNetworkAccess string = 'Disabled'

@description('Address space of the virtual network; the app subnet and the private endpoint subnet are its first two /24s.')
param vnetAddressPrefix string = '10.40.0.0/16'

@description('Redundancy of the storage account (host state, deployment packages, queues).')
@allowed([
  'Standard_ZRS'
  'Standard_LRS'
])
param storageSkuName string = 'Standard_ZRS'

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
// Outgoing mail (verification, sign-in links): any SMTP relay, such as Azure Communication Services
// Email (smtp.azurecomm.net) or SendGrid (smtp.sendgrid.net). Without a host, mail waits on its queue.
param mailHost string = ''
param mailPort int = 587
@allowed([ 'None', 'StartTls', 'StartTlsWhenAvailable', 'SslOnConnect' ])
param mailTlsMode string = 'StartTls'
param mailUser string = ''
param mailFrom string = ''
param mailFromName string = 'Stellar Memory'
param outgoingMailQueue string = 'outgoing-mail'

// ---------------------------------------------------------------------------------------------
@description('Comma-separated origins allowed to call the API from a browser (Http__AllowedOrigins); empty: none.')
param allowedOrigins string = ''

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
@description('Password of the SMTP relay user (Mail__Password).')
param mailPassword string = ''

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
var tags = {
  'azd-env-name': environmentName
}

// The connection budget. max_connections of Azure Database for PostgreSQL by compute size (Azure
// keeps 15 of them for itself); every instance may hold both its pools full, plus the two
// connections of the migrator while it starts. README, Operations, "Connection budget".
var postgresMaxConnections = {
  Standard_B1ms: 50
  Standard_B2s: 429
  Standard_B2ms: 859
  Standard_B4ms: 1718
  Standard_D2ds_v5: 859
  Standard_D4ds_v5: 1718
  Standard_D8ds_v5: 3437
  Standard_D16ds_v5: 5000
  Standard_E2ds_v5: 1718
  Standard_E4ds_v5: 3437
  Standard_E8ds_v5: 5000
}
var postgresReservedConnections = 15
var migratorConnections = 2
var connectionsPerInstance = postgresMaxPoolSize + postgresBookkeepingMaxPoolSize + migratorConnections
var connectionBudget = {
  perInstance: connectionsPerInstance
  atMaximumScale: maximumInstanceCount * connectionsPerInstance
  available: postgresMaxConnections[postgresSkuName] - postgresReservedConnections
}

var roleIds = {
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

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
    name: 'mail-password'
    setting: 'Mail__Password'
    value: mailPassword
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
// Identity: created, and granted every role it needs, before the function app starts with it.

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${name}-${suffix}'
  location: location
  tags: tags
}

// ---------------------------------------------------------------------------------------------
// Network: the app's outbound traffic enters the virtual network; PostgreSQL, Key Vault and
// storage answer there on private endpoints, resolved through private DNS zones.

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: 'vnet-${name}-${suffix}'
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        vnetAddressPrefix
      ]
    }
    subnets: [
      {
        name: 'app'
        properties: {
          addressPrefix: cidrSubnet(vnetAddressPrefix, 24, 0)
          // Flex Consumption integrates with a subnet delegated to Microsoft.App/environments.
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
      {
        name: 'private-endpoints'
        properties: {
          addressPrefix: cidrSubnet(vnetAddressPrefix, 24, 1)
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }
}

resource appSubnet 'Microsoft.Network/virtualNetworks/subnets@2024-05-01' existing = {
  parent: vnet
  name: 'app'
}

resource privateEndpointSubnet 'Microsoft.Network/virtualNetworks/subnets@2024-05-01' existing = {
  parent: vnet
  name: 'private-endpoints'
}

// One entry per private endpoint: the resource, its sub-resource (group) and the zone its name resolves in.
var privateLinks = [
  {
    name: 'postgres'
    resourceId: postgres.id
    groupId: 'postgresqlServer'
    zone: 'privatelink.postgres.database.azure.com'
  }
  {
    name: 'vault'
    resourceId: keyVault.id
    groupId: 'vault'
    zone: 'privatelink.vaultcore.azure.net'
  }
  {
    name: 'blob'
    resourceId: storage.id
    groupId: 'blob'
    zone: 'privatelink.blob.${environment().suffixes.storage}'
  }
  {
    name: 'queue'
    resourceId: storage.id
    groupId: 'queue'
    zone: 'privatelink.queue.${environment().suffixes.storage}'
  }
]

resource privateDnsZones 'Microsoft.Network/privateDnsZones@2024-06-01' = [
  for link in privateLinks: {
    name: link.zone
    location: 'global'
    tags: tags
  }
]

resource privateDnsZoneLinks 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [
  for (link, i) in privateLinks: {
    parent: privateDnsZones[i]
    name: 'vnet-${name}'
    location: 'global'
    tags: tags
    properties: {
      virtualNetwork: {
        id: vnet.id
      }
      registrationEnabled: false
    }
  }
]

resource privateEndpoints 'Microsoft.Network/privateEndpoints@2024-05-01' = [
  for link in privateLinks: {
    name: 'pe-${link.name}-${name}-${suffix}'
    location: location
    tags: tags
    properties: {
      subnet: {
        id: privateEndpointSubnet.id
      }
      privateLinkServiceConnections: [
        {
          name: link.name
          properties: {
            privateLinkServiceId: link.resourceId
            groupIds: [
              link.groupId
            ]
          }
        }
      ]
    }
    // The PostgreSQL server takes one change at a time; its endpoint waits for its other children.
    dependsOn: [
      postgresEntraAdministrator
    ]
  }
]

resource privateDnsZoneGroups 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = [
  for (link, i) in privateLinks: {
    parent: privateEndpoints[i]
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [
        {
          name: link.name
          properties: {
            privateDnsZoneId: privateDnsZones[i].id
          }
        }
      ]
    }
  }
]

// ---------------------------------------------------------------------------------------------
// Monitoring: ingestion only with Entra tokens (the app's identity holds Monitoring Metrics Publisher).

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${name}-${suffix}'
  location: location
  tags: tags
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
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    DisableLocalAuth: true
  }
}

// ---------------------------------------------------------------------------------------------
// Storage: host state, deployment packages and the app's queues, reached with the app's identity only.

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: storageSkuName
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // Every client (the Functions host, the deployment, our queue clients) signs in with the identity.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    publicNetworkAccess: publicNetworkAccess
    networkAcls: {
      defaultAction: publicNetworkAccess == 'Enabled' ? 'Allow' : 'Deny'
      bypass: 'AzureServices'
    }
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

// The Functions host keeps its leases and keys in blobs and reads the deployment package from its
// container; Blob Data Contributor covers all of it (Owner would add ACL management, unused here).
resource blobContributorRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, appIdentity.id, roleIds.storageBlobDataContributor)
  properties: {
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageBlobDataContributor)
  }
}

// The queue triggers read and delete messages, our producers send them, startup creates the queues.
resource queueContributorRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, appIdentity.id, roleIds.storageQueueDataContributor)
  properties: {
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageQueueDataContributor)
  }
}

resource metricsPublisherRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: appInsights
  name: guid(appInsights.id, appIdentity.id, roleIds.monitoringMetricsPublisher)
  properties: {
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.monitoringMetricsPublisher)
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL with pgvector. The app signs in as its identity with Entra tokens; the password login
// is break-glass only. Nothing reaches the server but its private endpoint (no firewall rules).

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: postgresServerName
  location: location
  tags: tags
  sku: {
    name: postgresSkuName
    tier: postgresSkuTier
  }
  properties: {
    version: '16'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    authConfig: {
      activeDirectoryAuth: 'Enabled'
      passwordAuth: 'Enabled'
      tenantId: subscription().tenantId
    }
    storage: {
      storageSizeGB: postgresStorageSizeGB
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: postgresBackupRetentionDays
      geoRedundantBackup: postgresGeoRedundantBackup
    }
    highAvailability: {
      mode: postgresHighAvailability
    }
    network: {
      publicNetworkAccess: publicNetworkAccess
    }
  }
}

// Migrations run CREATE EXTENSION vector and btree_gin, which Azure refuses unless the extensions are allow-listed.
resource postgresExtensions 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: postgres
  name: 'azure.extensions'
  properties: {
    value: 'VECTOR,BTREE_GIN'
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

// The app's identity is the server's Entra administrator: migrations create extensions, tables and
// indexes, and the database role of that name owns what they create. Its login name is the identity's name.
module postgresEntraAdministrator 'postgres-administrator.bicep' = {
  name: 'postgres-entra-administrator'
  params: {
    serverName: postgres.name
    principalId: appIdentity.properties.principalId
    principalName: appIdentity.name
  }
  dependsOn: [
    postgresDatabase
  ]
}

// ---------------------------------------------------------------------------------------------
// Key Vault: provider secrets (as Key Vault references) and the break-glass database password.

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // A deleted vault (or secret) stays recoverable for the retention period, whoever deletes it.
    enablePurgeProtection: true
    publicNetworkAccess: publicNetworkAccess
    networkAcls: {
      defaultAction: publicNetworkAccess == 'Enabled' ? 'Allow' : 'Deny'
      bypass: 'None'
    }
  }
}

// Not read by the app: the way in when Entra sign-in is unavailable (README, Operations).
resource postgresAdminPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'postgres-admin-password'
  properties: {
    value: postgresAdminPassword
    contentType: 'PostgreSQL administrator password (${postgresAdminLogin}), break-glass'
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

// Key Vault references in the app settings resolve with the app's identity (keyVaultReferenceIdentity).
resource keyVaultSecretsUserRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: keyVault
  name: guid(keyVault.id, appIdentity.id, roleIds.keyVaultSecretsUser)
  properties: {
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.keyVaultSecretsUser)
  }
}

// ---------------------------------------------------------------------------------------------
// Function App

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${name}-${suffix}'
  location: location
  tags: tags
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
  // The Functions host and our queue clients reach storage with the identity: no account key anywhere.
  {
    name: 'AzureWebJobsStorage__accountName'
    value: storage.name
  }
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  {
    name: 'AzureWebJobsStorage__clientId'
    value: appIdentity.properties.clientId
  }
  // Our own clients (queues, PostgreSQL tokens, telemetry) sign in as this identity.
  {
    name: 'AZURE_CLIENT_ID'
    value: appIdentity.properties.clientId
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: appInsights.properties.ConnectionString
  }
  {
    name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
    value: 'ClientId=${appIdentity.properties.clientId};Authorization=AAD'
  }
  // No password: with Postgres__Authentication=EntraId the app presents a token of its identity.
  {
    name: 'ConnectionStrings__Postgres'
    value: 'Host=${postgres.properties.fullyQualifiedDomainName};Port=5432;Database=${postgresDatabaseName};Username=${appIdentity.name};SSL Mode=Require'
  }
  {
    name: 'Postgres__Authentication'
    value: 'EntraId'
  }
  {
    name: 'Postgres__MaxPoolSize'
    value: string(postgresMaxPoolSize)
  }
  {
    name: 'Postgres__BookkeepingMaxPoolSize'
    value: string(postgresBookkeepingMaxPoolSize)
  }
  {
    name: 'Http__AllowedOrigins'
    value: allowedOrigins
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
    name: 'OutgoingMailQueue'
    value: outgoingMailQueue
  }
  {
    name: 'Mail__Host'
    value: mailHost
  }
  {
    name: 'Mail__Port'
    value: string(mailPort)
  }
  {
    name: 'Mail__TlsMode'
    value: mailTlsMode
  }
  {
    name: 'Mail__User'
    value: mailUser
  }
  {
    name: 'Mail__From'
    value: mailFrom
  }
  {
    name: 'Mail__FromName'
    value: mailFromName
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
  tags: union(tags, {
    'azd-service-name': 'api'
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${appIdentity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: appIdentity.id
    // All outbound traffic leaves through the app subnet, where the private endpoints resolve.
    virtualNetworkSubnetId: appSubnet.id
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
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: appIdentity.id
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
  // The first start must find every grant, secret and route in place: an unresolved Key Vault
  // reference is retried only a day later, and a missing storage role fails the first deployment.
  dependsOn: [
    deploymentContainer
    queues
    providerSecrets
    blobContributorRole
    queueContributorRole
    keyVaultSecretsUserRole
    metricsPublisherRole
    postgresEntraAdministrator
    privateDnsZoneGroups
    privateDnsZoneLinks
  ]
}

output functionAppName string = functionApp.name
output functionAppUrl string = 'https://${functionApp.properties.defaultHostName}'
output defaultHostName string = functionApp.properties.defaultHostName
output connectionBudget object = connectionBudget
