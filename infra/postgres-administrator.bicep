// Makes a managed identity the Microsoft Entra administrator of a PostgreSQL flexible server. A module of
// its own because the administrator's resource name is the identity's object id, known only once the
// identity exists.

@description('Name of the PostgreSQL flexible server.')
param serverName string

@description('Object (principal) id of the identity.')
param principalId string

@description('Display name of the identity: the database role it signs in as.')
param principalName string

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' existing = {
  name: serverName
}

resource administrator 'Microsoft.DBforPostgreSQL/flexibleServers/administrators@2024-08-01' = {
  parent: server
  name: principalId
  properties: {
    principalType: 'ServicePrincipal'
    principalName: principalName
    tenantId: subscription().tenantId
  }
}
