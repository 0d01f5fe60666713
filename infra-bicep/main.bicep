metadata description = 'Watcher on Azure: storage, monitoring and a dotnet-isolated 10.0 Function App (Flex Consumption) that reaches storage with its managed identity only.'

import { tags as tagsType } from 'modules/types.bicep'

// Why Flex Consumption: it is the serverless plan that runs with no storage key at all (its deployment package is read
// with the app's identity), while Elastic Premium needs an Azure Files content share reached with an account key. Local
// modules only: registry modules (br/...) cannot be restored offline.

@description('Azure region of every resource.')
param location string = resourceGroup().location

@description('Prefix of every resource name: 3-11 lowercase letters or digits (the storage account name adds 13 characters).')
@minLength(3)
@maxLength(11)
param namePrefix string = 'watcher'

@description('Blob container of the Watcher documents (Watcher__Container).')
param containerName string = 'watcher'

@description('Durable Task hub name (Watcher__TaskHub): the queues and tables of the Azure Storage backend.')
param taskHubName string = 'watcher'

@description('Days Log Analytics keeps data.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Most instances the Flex Consumption app may scale out to. The Durable task hub has 4 partitions (host.json), so at most 4 instances run orchestrations; the others run activities and HTTP.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory of each Flex Consumption instance in MB.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Tags applied to every resource.')
param tags tagsType = {
  application: 'watcher'
}

var suffix = uniqueString(resourceGroup().id, namePrefix)
var storageAccountName = take(toLower('${namePrefix}${suffix}'), 24)
var functionAppName = '${namePrefix}-func-${suffix}'
var deploymentContainerName = 'deployment-package'

module storage 'modules/storage.bicep' = {
  name: 'watcher-storage'
  params: {
    name: storageAccountName
    location: location
    containerName: containerName
    deploymentContainerName: deploymentContainerName
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'watcher-monitoring'
  params: {
    workspaceName: '${namePrefix}-log-${suffix}'
    appInsightsName: '${namePrefix}-appi-${suffix}'
    location: location
    retentionInDays: logRetentionInDays
    tags: tags
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'watcher-functionapp'
  params: {
    name: functionAppName
    planName: '${namePrefix}-plan-${suffix}'
    location: location
    storageAccountName: storage.outputs.name
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    containerName: containerName
    taskHubName: taskHubName
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    deploymentContainerName: deploymentContainerName
    tags: tags
  }
}

module roleAssignments 'modules/roleAssignments.bicep' = {
  name: 'watcher-storage-roles'
  params: {
    storageAccountName: storage.outputs.name
    principalId: functionApp.outputs.principalId
  }
}

@description('Name of the Function App.')
output functionAppName string = functionApp.outputs.name

@description('Default host name of the Function App (https://<host>/api/...).')
output functionAppDefaultHostName string = functionApp.outputs.defaultHostName

@description('Name of the storage account.')
output storageAccountName string = storage.outputs.name
