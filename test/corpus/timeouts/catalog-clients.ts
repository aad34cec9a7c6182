import got from 'got';
import { GraphQLClient, request as graphqlRequest } from 'graphql-request';
import superagent from 'superagent';
import ky from 'ky';
import { request as undiciRequest } from 'undici';

export interface Product {
  id: string;
  name: string;
  price: number;
}

const CATALOG_URL = 'https://catalog.example.com/graphql';

const PRODUCT_QUERY = `query Product($id: ID!) { product(id: $id) { id name price } }`;

// One client for the storefront, with a fetch that carries a deadline.
const timedFetch: typeof fetch = (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(8_000) }); // ok: require-request-timeout
export const storefront = new GraphQLClient(CATALOG_URL, { fetch: timedFetch }); // ok: require-request-timeout

// The admin client was copied from the README.
export const admin = new GraphQLClient('https://catalog.example.com/admin/graphql', { // expect: require-request-timeout
  headers: { authorization: `Bearer ${process.env.CATALOG_ADMIN_TOKEN ?? ''}` },
});

export async function productById(id: string): Promise<Product> {
  const data = await graphqlRequest<{ product: Product }>(CATALOG_URL, PRODUCT_QUERY, { id }); // expect: require-request-timeout
  return data.product;
}

export async function productWithDeadline(id: string): Promise<Product> {
  const data = await graphqlRequest<{ product: Product }>({ // ok: require-request-timeout
    url: CATALOG_URL,
    document: PRODUCT_QUERY,
    variables: { id },
    signal: AbortSignal.timeout(5_000),
  });
  return data.product;
}

// Prices come from the pricing service over REST.
const pricing = got.extend({ prefixUrl: 'https://pricing.example.com/v2', timeout: { request: 4_000 } });
const inventory = got.extend({ prefixUrl: 'https://inventory.example.com' });

export async function priceOf(id: string): Promise<number> {
  const body = await pricing.get(`prices/${id}`).json<{ amount: number }>(); // ok: require-request-timeout
  return body.amount;
}

export async function stockOf(id: string): Promise<number> {
  const body = await inventory.get(`stock/${id}`).json<{ available: number }>(); // expect: require-request-timeout
  return body.available;
}

export async function exchangeRates(): Promise<Record<string, number>> {
  return got('https://rates.example.com/latest', { timeout: { connect: 1_000 } }).json(); // expect: require-request-timeout
}

export async function taxRate(region: string): Promise<number> {
  const body = await got(`https://tax.example.com/rates/${region}`, { timeout: { response: 3_000 } }).json<{ rate: number }>(); // ok: require-request-timeout
  return body.rate;
}

export async function supplierFeed(url: string): Promise<string> {
  const response = await superagent.get(url).set('accept', 'text/csv'); // expect: require-request-timeout
  return response.text;
}

export async function supplierOrder(url: string, order: unknown): Promise<number> {
  const response = await superagent.post(url).send(order).timeout({ response: 5_000, deadline: 20_000 }); // ok: require-request-timeout
  return response.status;
}

// ky defaults to a 10 s timeout; undici's request to 300 s header and body timeouts.
export async function reviews(id: string): Promise<unknown> {
  return ky.get(`https://reviews.example.com/products/${id}`).json(); // ok: require-request-timeout
}

export async function imageSize(url: string): Promise<number> {
  const { headers, body } = await undiciRequest(url, { method: 'HEAD' }); // ok: require-request-timeout
  await body.dump();
  return Number(headers['content-length'] ?? 0);
}

export async function bulkExport(url: string): Promise<unknown> {
  const { body } = await undiciRequest(url, { bodyTimeout: 0 }); // expect: require-request-timeout
  return body.json();
}
