import tls from 'node:tls';

interface FamilyOptions {
  autoSelectFamily?: boolean;
  autoSelectFamilyAttemptTimeout?: number;
  timeout?: number;
}

// The client's socket options, copied for every key-service request: the address-family choice only.
function familyOptions(base: FamilyOptions): FamilyOptions {
  const options: FamilyOptions = {};
  if ('autoSelectFamily' in base) options.autoSelectFamily = base.autoSelectFamily;
  if ('autoSelectFamilyAttemptTimeout' in base) options.autoSelectFamilyAttemptTimeout = base.autoSelectFamilyAttemptTimeout;
  return options;
}

// The same, with the socket timeout the service's clients all get.
function boundedOptions(base: FamilyOptions): FamilyOptions {
  return { ...familyOptions(base), timeout: base.timeout ?? 30_000 };
}

// Sends one request to the key service and resolves with its answer.
export function keyServiceRequest(endpoint: string, message: Buffer, base: FamilyOptions): Promise<Buffer> {
  const [host = endpoint, port = '443'] = endpoint.split(':');
  const socketOptions = { host, servername: host, port: Number(port), ...familyOptions(base) };
  const socket = tls.connect(socketOptions, () => socket.write(message)); // expect: require-client-timeout
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data);
    });
  });
}

export function boundedKeyServiceRequest(endpoint: string, message: Buffer, base: FamilyOptions): Promise<Buffer> {
  const [host = endpoint, port = '443'] = endpoint.split(':');
  const socketOptions = { host, servername: host, port: Number(port), ...boundedOptions(base) };
  const socket = tls.connect(socketOptions, () => socket.write(message)); // ok: require-client-timeout
  socket.once('timeout', () => socket.destroy(new Error('key service timed out')));
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data);
    });
  });
}
