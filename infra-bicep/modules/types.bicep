metadata description = 'Types shared by main.bicep and its modules.'

@export()
@description('Resource tags: string values only.')
type tags = {
  *: string
}
