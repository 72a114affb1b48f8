/** A message above a form: an error (announced at once) or a confirmation. */
export function FormAlert({ kind, children }: { kind: "error" | "success" | "info"; children: string }) {
  const styles = {
    error: "border-red-200 bg-red-50 text-red-800",
    success: "border-green-200 bg-green-50 text-green-800",
    info: "border-blue-200 bg-blue-50 text-blue-800",
  };
  return (
    <p role={kind === "error" ? "alert" : "status"} className={`rounded-md border px-3 py-2 text-sm ${styles[kind]}`}>
      {children}
    </p>
  );
}
