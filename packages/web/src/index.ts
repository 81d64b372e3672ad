/**
 * The web UI is a static bundle (vite build → dist/) that the node serves on the same origin as /api.
 * Node code imports only this path; the React sources are bundled by Vite, never run by tsx.
 */
import { fileURLToPath } from 'node:url';

export const webDistDir = fileURLToPath(new URL('../dist', import.meta.url));
