metadata description = 'Linux Elastic Premium (EP1) plan and a dotnet-isolated 10.0 Function App with a system-assigned managed identity.'

import { tags as tagsType } from 'types.bicep'

@description('Name of the Function App (also the default host name prefix).')
param name string

@description('Name of the Elastic Premium plan.')
param planName string

@description('Azure region of the plan and the app.')
param location string

@description('Name of the existing storage account (host storage, Durable Task hub, Watcher documents).')
param storageAccountName string

@description('Application Insights connection string.')
param appInsightsConnectionString string

@description('Blob container of the Watcher documents (Watcher__Container).')
param containerName string

@description('Durable Task hub name (Watcher__TaskHub).')
param taskHubName string

@description('Most instances the plan may scale out to.')
@minValue(1)
@maxValue(100)
param maximumElasticWorkerCount int

@description('Tags applied to the plan and the app.')
param tags tagsType

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

// Watcher__StorageConnectionString is the account's key-based connection string, not identity-based, because the app
// builds its clients from a connection string (BlobDocumentStore and the Durable storage provider of the local host
// take one string). The Functions host itself (AzureWebJobsStorage__accountName) and the Durable extension use the
// managed identity and the role assignments in roleAssignments.bicep. Key Vault references are the next step if the
// key must leave app settings. The same string backs the Azure Files content share, which EP plans require and which
// cannot use an identity.
var storageConnectionString = 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'elastic'
  sku: {
    name: 'EP1'
    tier: 'ElasticPremium'
  }
  properties: {
    reserved: true // Linux
    maximumElasticWorkerCount: maximumElasticWorkerCount
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'DOTNET-ISOLATED|10.0'
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      // App Service takes an instance out of rotation when this path fails. The catch-all HTTP trigger serves the
      // service defaults' readiness checks (storage, Durable engine, cloud, datasource) here, as the local host does.
      healthCheckPath: '/health/ready'
      appSettings: [
        {
          name: 'AzureWebJobsStorage__accountName'
          value: storage.name
        }
        {
          name: 'FUNCTIONS_EXTENSION_VERSION'
          value: '~4'
        }
        {
          name: 'FUNCTIONS_WORKER_RUNTIME'
          value: 'dotnet-isolated'
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsightsConnectionString
        }
        {
          name: 'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING'
          value: storageConnectionString
        }
        {
          name: 'WEBSITE_CONTENTSHARE'
          value: toLower(name)
        }
        {
          name: 'Watcher__StorageConnectionString'
          value: storageConnectionString
        }
        {
          name: 'Watcher__Container'
          value: containerName
        }
        {
          name: 'Watcher__TaskHub'
          value: taskHubName
        }
      ]
    }
  }
}

@description('Name of the Function App.')
output name string = functionApp.name

@description('Default host name of the Function App.')
output defaultHostName string = functionApp.properties.defaultHostName

@description('Object id of the app\'s system-assigned managed identity.')
output principalId string = functionApp.identity.principalId
