// Credentials for tests, assembled at run time from a seeded generator: realistic shapes for the detectors,
// but no token-shaped string is written in the repository (where secret scanners and push protection
// would rightly object).

/** Deterministic pseudo-random text over an alphabet (a small LCG), so tokens look random but are stable. */
export function randomText(alphabet: string, length: number, seed: number): string {
  let state = seed >>> 0;
  let text = '';
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    text += alphabet[(state >>> 16) % alphabet.length];
  }
  return text;
}
export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const BASE64 = ALNUM + '+/';
export const BASE64URL = ALNUM + '-_';
export const HEX = '0123456789abcdef';

export const base64url = (text: string): string => btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

export const tokens = {
  awsKeyId: 'AK' + 'IA' + randomText(BASE32, 16, 1),
  awsTempKeyId: 'AS' + 'IA' + randomText(BASE32, 16, 2),
  awsSecret: randomText(BASE64, 38, 3) + 'a7',
  githubClassic: 'gh' + 'p_' + randomText(ALNUM, 36, 4),
  githubOauth: 'gh' + 'o_' + randomText(ALNUM, 36, 5),
  githubServer: 'gh' + 's_' + randomText(ALNUM, 36, 6),
  githubUser: 'gh' + 'u_' + randomText(ALNUM, 36, 7),
  githubRefresh: 'gh' + 'r_' + randomText(ALNUM, 36, 8),
  githubFineGrained: 'github' + '_pat_' + randomText(ALNUM, 22, 9) + '_' + randomText(ALNUM, 59, 10),
  gitlab: 'gl' + 'pat-' + randomText(ALNUM + '_-', 20, 11),
  slackBot: 'xo' + 'xb-' + randomText('0123456789', 12, 12) + '-' + randomText('0123456789', 13, 13) + '-' + randomText(ALNUM, 24, 14),
  slackUser: 'xo' + 'xp-' + randomText('0123456789', 11, 15) + '-' + randomText('0123456789', 11, 16) + '-' + randomText('0123456789', 12, 17) + '-' + randomText(HEX, 32, 18),
  stripeSecret: 's' + 'k_live_' + randomText(ALNUM, 24, 19),
  stripeRestricted: 'r' + 'k_live_' + randomText(ALNUM, 99, 20),
  google: 'AI' + 'za' + randomText(ALNUM + '_-', 35, 21),
  npm: 'np' + 'm_' + randomText(ALNUM, 36, 22),
  jwt: [base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' })), base64url(JSON.stringify({ sub: '1234', name: 'svc', iat: 1700000000 })), randomText(BASE64URL, 43, 23)].join('.'),
  azureKey: randomText(BASE64, 86, 24) + '==',
  pemBody: Array.from({ length: 4 }, (_, i) => randomText(BASE64, 64, 30 + i)).join('\n'),
};
