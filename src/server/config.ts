import path from 'node:path';
import { z } from 'zod';

const bool01 = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

/** Environment, validated once at start; the process refuses to start when it is wrong. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  CCHC_DATA_DIR: z.string().min(1).default('./.data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  CCHC_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  CCHC_DEMO: bool01.default(true),
  /** How many illustrative one-stop dossiers the demo generates (two years up to today); 0 for none. */
  CCHC_DEMO_DOSSIERS: z.coerce.number().int().min(0).max(5_000_000).default(200_000),
  CCHC_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Secure cookies need HTTPS; set CCHC_SECURE_COOKIES=1 behind a TLS reverse proxy. */
  CCHC_SECURE_COOKIES: bool01.default(false),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  adminPassword?: string;
  demo: boolean;
  demoDossiers: number;
  logLevel: string;
  secureCookies: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.CCHC_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    adminPassword: e.CCHC_ADMIN_PASSWORD,
    demo: e.CCHC_DEMO,
    demoDossiers: e.CCHC_DEMO_DOSSIERS,
    logLevel: e.CCHC_LOG_LEVEL,
    secureCookies: e.CCHC_SECURE_COOKIES,
  };
}
