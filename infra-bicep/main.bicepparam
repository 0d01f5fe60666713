// Example parameters: az deployment group create -g <rg> --template-file main.bicep --parameters main.bicepparam
using 'main.bicep'

param namePrefix = 'watcher'
param containerName = 'watcher'
param taskHubName = 'watcher'
param logRetentionInDays = 30
param maximumInstanceCount = 40
param instanceMemoryMB = 2048
param tags = {
  application: 'watcher'
  environment: 'demo'
}
