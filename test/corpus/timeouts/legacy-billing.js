'use strict';

const axios = require('axios');
const https = require('node:https');
const { Pool } = require('pg');
const superagent = require('superagent');

// The original billing service, still CommonJS.
const pool = new Pool({ connectionString: process.env.BILLING_DATABASE_URL, connectionTimeoutMillis: 5000 }); // ok: require-client-timeout
const ledgerPool = new Pool({ connectionString: process.env.LEDGER_DATABASE_URL }); // expect: require-client-timeout

const invoicing = axios.create({ baseURL: 'https://invoicing.internal', timeout: 10000 });

async function createInvoice(customerId, lines) {
  const { data } = await invoicing.post('/invoices', { customerId, lines }); // ok: require-request-timeout
  return data;
}

async function fetchExchangeRate(currency) {
  const { data } = await axios.get(`https://fx.example.com/rates/${currency}`); // expect: require-request-timeout
  return data.rate;
}

async function notifyAccounting(invoiceId) {
  const response = await fetch(`https://accounting.example.com/hooks/invoices/${invoiceId}`, { // expect: require-request-timeout
    method: 'POST',
  });
  return response.status;
}

async function taxQuote(invoice) {
  const response = await fetch('https://tax.example.com/quote', { // ok: require-request-timeout
    method: 'POST',
    body: JSON.stringify(invoice),
    signal: AbortSignal.timeout(8000),
  });
  return response.json();
}

function downloadStatement(url) {
  return new Promise((resolve, reject) => {
    const req = https.get(url, (res) => { // ok: require-request-timeout
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve(Buffer.concat(chunks)));
    });
    req.setTimeout(15000, () => req.destroy(new Error('statement download timed out')));
    req.on('error', reject);
  });
}

async function fetchCreditScore(customerId) {
  const response = await superagent.get(`https://credit.example.com/scores/${customerId}`); // expect: require-request-timeout
  return response.body.score;
}

async function unpaidTotal(customerId) {
  const { rows } = await pool.query('select sum(amount) as total from invoices where customer_id = $1 and paid = false', [customerId]);
  return Number(rows[0] ? rows[0].total : 0);
}

async function ledgerBalance(accountId) {
  const { rows } = await ledgerPool.query('select balance from accounts where id = $1', [accountId]);
  return rows[0] ? Number(rows[0].balance) : 0;
}

module.exports = { createInvoice, fetchExchangeRate, notifyAccounting, taxQuote, downloadStatement, fetchCreditScore, unpaidTotal, ledgerBalance };
