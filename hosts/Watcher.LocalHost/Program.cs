using Watcher.LocalHost;

var app = LocalHostApp.Build(args);
await LocalHostApp.InitializeAsync(app);
await app.RunAsync();
