import type { Server } from 'node:http';

export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
}

/** Starts listening, turning EADDRINUSE into an error that says which service and port. */
export function listen(server: Server, port: number, host: string, service: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(
        error.code === 'EADDRINUSE'
          ? new PortInUseError(
              `${service}: port ${port} on ${host} is already in use; choose another with its --*-port option`,
            )
          : error,
      );
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
