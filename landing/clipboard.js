// Copying a key or the code sample, with a fallback where the clipboard API is not available (plain http).

export async function copyField(input, statusNode) {
  let copied = false;
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(input.value);
      copied = true;
    }
  } catch {
    copied = false;
  }
  if (!copied) {
    input.focus();
    input.select();
    try {
      copied = document.execCommand('copy');
    } catch {
      copied = false;
    }
  }
  statusNode.textContent = copied ? 'Copied to the clipboard.' : 'Selected. Press Ctrl+C (or ⌘C) to copy.';
}

export async function copyText(text, statusNode) {
  let copied = false;
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      copied = true;
    }
  } catch {
    copied = false;
  }
  statusNode.textContent = copied ? 'Copied to the clipboard.' : 'Select the text and copy it by hand.';
}
