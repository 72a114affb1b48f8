/** Plain mail text with its http(s) links made clickable (the mail's HTML is not rendered, so nothing in it runs). */
export function LinkedText({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return (
    <p className="whitespace-pre-wrap break-words font-mono text-xs leading-5 text-gray-800">
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <a key={i} href={part} className="text-blue-600 underline hover:text-blue-700">
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </p>
  );
}
