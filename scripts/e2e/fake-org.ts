// Serves a fake Anthropic Admin API (test/fakes) with a 30-person org over the last 21 UTC days on
// 127.0.0.1 for the code-server E2E; prints its URL, then runs until killed.
import { startAnthropicFake } from '../../test/fakes/anthropicFake';
import { generateOrgUsage } from '../../test/fakes/usage';

const today = new Date().toISOString().slice(0, 10);
const days = Array.from({ length: 21 }, (_, i) => new Date(Date.parse(`${today}T00:00:00Z`) - (20 - i) * 86_400_000).toISOString().slice(0, 10));
const key = process.argv[2] ?? 'sk-ant-admin-e2e';
void startAnthropicFake({ rows: generateOrgUsage(30, days), keys: { [key]: 'admin' }, pageSize: 10 }).then((fake) => console.log(fake.url));
