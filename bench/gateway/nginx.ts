import { freePort, waitFor } from '@ai-service/testing';
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spawnLogged, stopChild, type BenchProcess } from './processes.ts';

/** Where Debian's `nginx` package puts the binary; PATH may not include sbin. */
const CANDIDATES = ['nginx', '/usr/sbin/nginx'];

export function findNginx(): string | undefined {
  return CANDIDATES.find((candidate) => spawnSync(candidate, ['-v']).status === 0);
}

/**
 * A plain reverse proxy in front of the same service, tuned the way one would for this job: one
 * worker (the gateway is one Node process too), keep-alive to the upstream, access log on (the
 * gateway and the service log every request as well), no buffering surprises.
 */
function config(prefix: string, port: number, upstreamUrl: string): string {
  const upstream = new URL(upstreamUrl);
  return `
daemon off;
master_process on;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 4096; }
http {
  access_log ${prefix}/access.log;
  client_body_temp_path ${prefix}/client_body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  keepalive_requests 100000;
  upstream service {
    server ${upstream.hostname}:${upstream.port};
    keepalive 128;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://service;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $remote_addr;
    }
  }
}
`;
}

/** nginx as a foreground child with a generated config in `workDir`; stopped by `stop()`. */
export async function startNginx(binary: string, upstreamUrl: string, workDir: string): Promise<BenchProcess> {
  const prefix = join(workDir, 'nginx');
  await mkdir(prefix, { recursive: true });
  const port = await freePort();
  const configFile = join(prefix, 'nginx.conf');
  await writeFile(configFile, config(prefix, port, upstreamUrl));
  const { child, logFile } = spawnLogged('nginx', binary, ['-p', prefix, '-c', configFile], process.env, workDir);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}; see ${logFile} and ${prefix}/error.log`);
      await fetch(`${url}/health/live`);
      return true;
    },
    { timeoutMs: 10_000, what: 'nginx listening' },
  );
  // SIGQUIT: graceful shutdown of master and worker.
  return { name: 'nginx', url, logFile, stop: () => stopChild(child, 'SIGQUIT') };
}
