// Preloaded into the tests' Azurite (node --require): turns off its periodic blob garbage collection. Every 10 minutes
// Azurite's BlobGCManager lists every blob and block of the account (a whole-collection scan and sort per page of
// 5,000, on Azurite's one Node thread); the integration run's Azurite holds tens of thousands of them by then, and CI
// saw every request to it (tables included) go unanswered for 15-30 s about 10-11 minutes into the run. The cause is
// not proven (AzuriteFixture logs stalls to host-logs/azurite-stalls.log so a next one shows); an in-memory test store
// needs no garbage collection either way. The first collection, at start-up on an empty store, still runs.
const path = require("path");
const constants = require(path.join(path.dirname(process.argv[1]), "blob", "utils", "constants.js"));
constants.DEFAULT_GC_INTERVAL_MS = 7 * 24 * 60 * 60 * 1000;
