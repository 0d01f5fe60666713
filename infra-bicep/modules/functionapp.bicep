metadata description = 'Flex Consumption (FC1) plan and a dotnet-isolated 10.0 Function App that reaches storage with its system-assigned managed identity only (no keys).'

import { tags as tagsType } from 'types.bicep'

@description('Name of the Function App (also the default host name prefix).')
param name string

@description('Name of the Flex Consumption plan.')
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

@description('Most instances the app may scale out to (Flex Consumption: 40-1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory of each instance in MB (Flex Consumption sizes).')
@allowed([512, 2048, 4096])
param instanceMemoryMB int

@description('Blob container of the storage account that holds the deployment package.')
param deploymentContainerName string

@description('Tags applied to the plan and the app.')
param tags tagsType

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

// No keys anywhere: the Functions host (AzureWebJobsStorage__accountName), the Durable extension (its storage provider
// names the AzureWebJobsStorage connection in host.json), the deployment package (functionAppConfig) and the app's own
// document store (Watcher__StorageBlobServiceUri, read by adapters/Watcher.BlobStorage with DefaultAzureCredential) all
// use the system-assigned identity and the data roles of roleAssignments.bicep. Flex Consumption needs no Azure Files
// content share (the one part of Elastic Premium that requires an account key), so the account disables shared keys.
resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true // Linux
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
      }
      // Flex Consumption takes the runtime here, not from FUNCTIONS_WORKER_RUNTIME or linuxFxVersion.
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: [
        {
          name: 'AzureWebJobsStorage__accountName'
          value: storage.name
        }
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsightsConnectionString
        }
        {
          name: 'Watcher__StorageBlobServiceUri'
          value: storage.properties.primaryEndpoints.blob
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
