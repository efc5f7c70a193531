/**
 * `npm run demo`: starts the bundled simulator seeded from examples/demo-seed.yaml and lists the
 * account's numbers through the client.
 */
import { fileURLToPath } from 'node:url';
import { VoipbinClient } from '../src/api/client.ts';
import { readSeedFile } from '../src/sim/seed.ts';
import { startSimulator } from '../src/sim/server.ts';

const seed = readSeedFile(fileURLToPath(new URL('./demo/seed.yaml', import.meta.url)));
const sim = await startSimulator({ seed });
console.log(`Simulator listening at ${sim.url}`);
const client = new VoipbinClient({ endpoint: sim.url, accessKey: 'vb_simulator' });
for (const n of await client.listNumbers()) {
  console.log(`${n.number.padEnd(15)} ${n.type.padEnd(8)} ${n.status.padEnd(8)} ${n.name}`);
}
await client.close();
await sim.close();
