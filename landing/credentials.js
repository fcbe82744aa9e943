// Signed in: a key in memory, or the session cookie.
//
// A key shown once (registration, recovery) or pasted stays in this module for this page only: storage is readable
// by any script on the page, and the session cookie, which no script can read, is what survives a reload.
import { session } from './session.js';

let memoryKey = '';

export function getKey() {
  return memoryKey;
}

export function setKey(key) {
  memoryKey = key;
}

export function clearKey() {
  memoryKey = '';
}

export function signedIn() {
  return Boolean(memoryKey) || session.active;
}

export function maskKey(key) {
  return key.length > 16 ? `${key.slice(0, 15)}…${key.slice(-4)}` : key;
}
