import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { readCell, readNumber } from "./cell-values";
import { parseFile, readCsv } from "./parse-file";
import { suggestMapping } from "./suggest-mapping";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("parseFile", () => {
  it("reads a semicolon CSV with a BOM, quoted separators and quotes, and CRLF line ends", async () => {
    const file = bytes('\uFEFFID;Название;Сумма\r\nD1;"Окна; двери";"1 234,50"\r\nD2;"Say ""hi""";\r\n\r\n');
    expect(await parseFile(file)).toEqual({
      header: ["ID", "Название", "Сумма"],
      rows: [
        ["D1", "Окна; двери", "1 234,50"],
        ["D2", 'Say "hi"', null],
      ],
    });
  });

  it("reads a comma CSV with quoted commas and line breaks", () => {
    expect(readCsv('id,title\nD1,"Smith, Jones\nand Co"')).toEqual([["id", "title"], ["D1", "Smith, Jones\nand Co"]]);
  });

  it("reads the first sheet of an XLSX file with numbers and date cells", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Deals");
    sheet.addRow(["external_id", "amount", "created_at"]);
    sheet.addRow(["D1", 1234.5, new Date(Date.UTC(2026, 2, 2, 9, 30))]);
    const file = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect(await parseFile(file)).toEqual({ header: ["external_id", "amount", "created_at"], rows: [["D1", 1234.5, new Date(Date.UTC(2026, 2, 2, 9, 30))]] });
  });

  it("refuses a file over 10 MB and one with more than 50,000 rows", async () => {
    await expect(parseFile(new Uint8Array(10 * 1024 * 1024 + 1))).rejects.toMatchObject({ messageKey: "imports.file.tooBig" });
    await expect(parseFile(bytes("id\n" + "x\n".repeat(50_001)))).rejects.toMatchObject({ messageKey: "imports.file.tooManyRows" });
  });
});

describe("cell values", () => {
  it("reads numbers with spaces, commas and dots as separators", () => {
    expect(readNumber("1 234,50")).toBe(1234.5);
    expect(readNumber("1\u00a0234,5")).toBe(1234.5);
    expect(readNumber("1,234.50")).toBe(1234.5);
    expect(readNumber("1.234,50")).toBe(1234.5);
    expect(readNumber("1,234,567")).toBe(1234567);
    expect(readNumber("12abc")).toBeNull();
  });

  it("reads DD.MM.YYYY [HH:MM] and ISO dates in the org's time zone, and keeps an explicit offset", () => {
    expect(readCell("02.03.2026 09:30", "dateTime", "Europe/Kyiv")).toBe("2026-03-02T07:30:00.000Z");
    expect(readCell("02.03.2026", "dateTime", "Europe/Kyiv")).toBe("2026-03-01T22:00:00.000Z");
    expect(readCell("2026-07-02 09:30", "dateTime", "Europe/Kyiv")).toBe("2026-07-02T06:30:00.000Z");
    expect(readCell("2026-03-02T09:30:00+01:00", "dateTime", "Europe/Kyiv")).toBe("2026-03-02T09:30:00+01:00");
    expect(readCell("2.3.2026", "day", "UTC")).toBe("2026-03-02");
    expect(readCell("31.02.2026", "day", "UTC")).toBeNull();
    expect(readCell(new Date(Date.UTC(2026, 2, 2, 9, 30)), "dateTime", "Europe/Kyiv")).toBe("2026-03-02T07:30:00.000Z");
  });
});

describe("suggestMapping", () => {
  it("matches English, Russian and Ukrainian headers to deal fields", () => {
    expect(suggestMapping("deals", ["ID сделки", "Название", "Воронка", "Этап", "Ответственный", "Сумма", "Дата создания"])).toMatchObject({
      external_id: 0, title: 1, pipeline: 2, stage: 3, owner: 4, amount: 5, created_at: 6, currency: null,
    });
    expect(suggestMapping("deals", ["Номер", "Етап", "Сума", "Дата створення", "Відповідальний", "Воронка"])).toMatchObject({
      external_id: 0, stage: 1, amount: 2, created_at: 3, owner: 4, pipeline: 5,
    });
    expect(suggestMapping("deals", ["Deal ID", "Stage", "Amount", "Created", "Owner Email"])).toMatchObject({
      external_id: 0, stage: 1, amount: 2, created_at: 3, owner_email: 4,
    });
  });
});
