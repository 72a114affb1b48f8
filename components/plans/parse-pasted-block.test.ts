import { describe, expect, it } from "vitest";
import { parsePastedBlock, parseSpreadsheetNumber, pastedCells } from "./parse-pasted-block";

describe("spreadsheet numbers", () => {
  it.each([
    ["1 234,56", 1234.56],
    ["1\u00a0234\u00a0567", 1234567],
    ["1,234.56", 1234.56],
    ["1.234,56", 1234.56],
    ["1234.5", 1234.5],
    ["1234,5", 1234.5],
    ["1,000", 1000],
    ["1.000.000", 1000000],
    ["12 000 ₴", 12000],
    ["$1,500.25", 1500.25],
    ["0", 0],
  ])("reads %s as %d", (text, value) => {
    expect(parseSpreadsheetNumber(text)).toBe(value);
  });

  it("reads empty text as a cleared cell and words as not a number", () => {
    expect(parseSpreadsheetNumber("  ")).toBeNull();
    expect(parseSpreadsheetNumber("ten")).toBeNaN();
  });
});

describe("pasted blocks", () => {
  it("splits rows by newlines and cells by tabs, ignoring the trailing newline", () => {
    expect(parsePastedBlock("1\t2\r\n3\t4\r\n")).toEqual([
      ["1", "2"],
      ["3", "4"],
    ]);
  });

  it("places a block from the focused cell, skipping cells outside the grid; a single value is left to the input", () => {
    const keyAt = (row: number, column: number) => (row < 2 && column < 3 ? `${row}:${column}` : undefined);
    expect(pastedCells("1\t2\r\n3\t4\r\n", 1, 1, keyAt)).toEqual([
      ["1:1", "1"],
      ["1:2", "2"],
    ]);
    expect(pastedCells("42\n", 0, 0, keyAt)).toBeNull();
  });
});
