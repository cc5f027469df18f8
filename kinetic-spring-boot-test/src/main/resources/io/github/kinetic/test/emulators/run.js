// Starts one emulator in this process and exits when the parent JVM closes our stdin,
// so a killed test run never leaves an emulator behind.
'use strict';
const path = require('path');
const [which, port] = process.argv.slice(2);

process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
// Ctrl+C in a terminal signals the whole process group: outlive the JVM's own shutdown,
// which still needs the emulators to release its leases, and exit when stdin closes.
process.on('SIGINT', () => {});

if (which === 'dynalite') {
  const dynalite = require('dynalite');
  // DYNALITE_PATH keeps the tables on disk across a restart (outage tests)
  const options = { createTableMs: 50, deleteTableMs: 50, updateTableMs: 50 };
  if (process.env.DYNALITE_PATH) {
    options.path = process.env.DYNALITE_PATH;
  }
  dynalite(options).listen(Number(port), (err) => {
    if (err) {
      console.error(err);
      process.exit(1);
    }
    console.log(`dynalite listening on ${port}`);
  });
} else if (which === 'kinesis') {
  const dir = path.dirname(require.resolve('kinesis-local/package.json'));
  process.env.KINESIS_MOCK_PLAIN_PORT = port;
  process.env.KINESIS_MOCK_TLS_PORT = process.argv[4];
  process.env.KINESIS_MOCK_CERT_PATH = path.join(dir, 'server.json');
  process.env.CREATE_STREAM_DURATION = process.env.CREATE_STREAM_DURATION || '100ms';
  process.env.LOG_LEVEL = process.env.LOG_LEVEL || 'WARN';
  require(path.join(dir, 'main.js'));
  // kinesis-local stops on SIGINT by itself; once it has set up, keep only our no-op
  setTimeout(() => {
    process.removeAllListeners('SIGINT');
    process.on('SIGINT', () => {});
  }, 1000).unref();
} else {
  console.error(`unknown emulator ${which}: expected dynalite or kinesis`);
  process.exit(2);
}
