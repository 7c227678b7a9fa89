import type { Sfc32Random } from './prng.js';

/**
 * The shop's customers, catalogue and clients: fixed pools drawn once from the seed so that
 * parameters repeat the way real ones do (a few hot users and products, a long tail), and
 * so the hot path only indexes arrays.
 */
export class ValuePools {
  /** `u_104233`-style customer ids. */
  readonly users: readonly string[];
  /** Each customer's usual client IP and user agent (same index as `users`). */
  readonly userIps: readonly string[];
  readonly userAgents: readonly string[];
  readonly productIds: readonly string[];
  /** `/static/js/app.3f2a9c1d.js`, `/img/products/1234.jpg`, … */
  readonly staticPaths: readonly string[];
  /** A scraper's address, used by the web rate_spike incident. */
  readonly scraperIp: string;
  private orderSeq: number;

  constructor(rng: Sfc32Random) {
    const ips: string[] = [];
    for (let i = 0; i < IP_POOL; i++) ips.push(publicIp(rng));
    const users: string[] = [];
    const userIps: string[] = [];
    const userAgents: string[] = [];
    let id = 100_000;
    for (let i = 0; i < USER_POOL; i++) {
      id += 1 + rng.int(40);
      users.push(`u_${id}`);
      userIps.push(ips[rng.skewed(IP_POOL, 1.5)]);
      userAgents.push(USER_AGENTS[rng.skewed(USER_AGENTS.length, 2)]);
    }
    this.users = users;
    this.userIps = userIps;
    this.userAgents = userAgents;
    const products: string[] = [];
    let pid = 1000;
    for (let i = 0; i < PRODUCT_POOL; i++) {
      pid += 1 + rng.int(5);
      products.push(String(pid));
    }
    this.productIds = products;
    const statics: string[] = ['/favicon.ico', '/robots.txt'];
    for (const asset of ['js/app', 'js/vendor', 'css/main', 'js/checkout']) {
      const ext = asset.startsWith('css') ? 'css' : 'js';
      statics.push(`/static/${asset}.${rng.uint32().toString(16).padStart(8, '0')}.${ext}`);
    }
    for (let i = 0; i < 120; i++) statics.push(`/img/products/${products[rng.skewed(PRODUCT_POOL, 2)]}.jpg`);
    this.staticPaths = statics;
    this.scraperIp = publicIp(rng);
    this.orderSeq = 4_810_000 + rng.int(100_000);
  }

  /** Index of a customer, hot customers more likely. */
  userIndex(rng: Sfc32Random): number {
    return rng.skewed(USER_POOL, 2);
  }

  product(rng: Sfc32Random): string {
    return this.productIds[rng.skewed(PRODUCT_POOL, 2.2)];
  }

  /** Next order id: unique and increasing within a run, like a database sequence. */
  nextOrderId(): string {
    this.orderSeq += 1;
    return `ord_${this.orderSeq}`;
  }
}

const IP_POOL = 8000;
const USER_POOL = 20_000;
const PRODUCT_POOL = 3000;

export const CATEGORIES: readonly string[] = ['shoes', 'bags', 'outdoor', 'kitchen', 'toys', 'books', 'garden', 'electronics'];
export const SEARCH_TERMS: readonly string[] = [
  'running+shoes', 'backpack', 'tent', 'coffee+grinder', 'lego', 'headphones', 'rain+jacket', 'cast+iron+pan',
  'garden+hose', 'kindle', 'yoga+mat', 'water+bottle', 'usb-c+cable', 'desk+lamp', 'sneakers', 'board+game',
];

const USER_AGENTS: readonly string[] = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'ShopApp/4.12.0 (iOS 18.1; iPhone15,2)',
  'ShopApp/4.12.0 (Android 14; SM-S911B)',
];

/** A plausible public IPv4 address (skips 0/8, 10/8, 127/8, 172.16/12, 192.168/16, ≥ 224). */
function publicIp(rng: Sfc32Random): string {
  for (;;) {
    const a = 1 + rng.int(223);
    const b = rng.int(256);
    if (a === 10 || a === 127 || (a === 172 && b >= 16 && b < 32) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b < 128)) continue;
    return `${a}.${b}.${rng.int(256)}.${1 + rng.int(254)}`;
  }
}
