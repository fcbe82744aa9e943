// Toss Payments: its SDK is loaded only when Toss is chosen, and card registration (billing auth) runs in its window.
import { metaContent, safeHttpUrl } from './dom.js';

let sdk = null;

/** Resolves true once window.TossPayments is there, false if the SDK could not be loaded (a later call tries again). */
export function loadTossSdk() {
  if (typeof window.TossPayments === 'function') return Promise.resolve(true);
  if (sdk) return sdk;
  const src = safeHttpUrl(metaContent('toss-sdk'));
  if (!src) return Promise.resolve(false);
  sdk = new Promise((resolve) => {
    const script = document.createElement('script');
    script.src = src;
    script.async = true;
    script.onload = () => resolve(typeof window.TossPayments === 'function');
    script.onerror = () => {
      script.remove();
      sdk = null;
      resolve(false);
    };
    document.head.append(script);
  });
  return sdk;
}

/**
 * Opens Toss's card registration for a checkout the API started.
 * @returns {Promise<{ ok: boolean, message: string }>} ok: the window is open; else why not (nothing was charged).
 */
export async function startTossBillingAuth(data, onProgress) {
  const ready = await loadTossSdk();
  if (!ready) {
    return { ok: false, message: 'Toss Payments could not be loaded. Check your connection, or choose another provider.' };
  }
  onProgress('Opening Toss Payments card registration…');
  try {
    const payment = window.TossPayments(data.client_key).payment({ customerKey: data.customer_key });
    const request = { method: 'CARD', successUrl: data.success_url, failUrl: data.fail_url };
    if (data.customer_email) request.customerEmail = data.customer_email;
    await payment.requestBillingAuth(request);
    return { ok: true, message: '' };
  } catch (error) {
    const code = error && error.code;
    const detail = error && typeof error.message === 'string' ? error.message : '';
    return {
      ok: false,
      message: code === 'USER_CANCEL'
        ? 'Card registration was closed before it finished. Nothing was charged.'
        : `Toss Payments could not start card registration.${detail ? ` ${detail}` : ''} Nothing was charged.`,
    };
  }
}
