/** Checker messages mark code with backticks; render those as <code>, everything else as text. */
export function renderMessage(message: string): Node[] {
  return message.split(/(`[^`]+`)/).filter(Boolean).map((part) => {
    if (!part.startsWith('`')) return document.createTextNode(part);
    const code = document.createElement('code');
    code.textContent = part.slice(1, -1);
    return code;
  });
}
