/* bench/c/xlsx_rows.c: the plain-C peer of `ninjait-bench render xlsx`.
 *
 * Writes the same N rows x 8 columns with libxlsxwriter the same way our Swift writer does:
 * constant-memory mode, a bold header row in an accent colour, frozen header, autofilter,
 * column widths, number/percent/duration/date-time formats, red fill on every 7th row,
 * strings via worksheet_write_string. Usage: xlsx_rows N OUT.xlsx [TMPDIR]
 * Built by scripts/bench.d/render with: cc -O2 xlsx_rows.c -o xlsx_rows -lxlsxwriter
 */
#include <stdio.h>
#include <stdlib.h>
#include <xlsxwriter.h>

#define CHECK(expr) do { lxw_error e_ = (expr); if (e_) { fprintf(stderr, "%s: %s\n", #expr, lxw_strerror(e_)); return 1; } } while (0)

static lxw_format *fmt(lxw_workbook *wb, const char *num, int breached) {
    lxw_format *f = workbook_add_format(wb);
    if (num) format_set_num_format(f, num);
    if (breached) { format_set_bg_color(f, 0xFFC7CE); format_set_font_color(f, 0x9C0006); }
    return f;
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: xlsx_rows N OUT.xlsx [TMPDIR]\n"); return 64; }
    long rows = atol(argv[1]);
    lxw_workbook_options options = {.constant_memory = LXW_TRUE, .tmpdir = argc > 3 ? argv[3] : NULL};
    lxw_workbook *wb = workbook_new_opt(argv[2], &options);
    if (!wb) { fprintf(stderr, "cannot create %s\n", argv[2]); return 1; }
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Rows");
    lxw_format *header = workbook_add_format(wb);
    format_set_bold(header); format_set_font_color(header, 0xFFFFFF); format_set_bg_color(header, 0x1F5FA8);
    format_set_text_wrap(header);
    const char *nums[8] = {"#,##0", NULL, "yyyy-mm-dd hh:mm:ss", "#,##0.00", "#,##0.00", "0.000%", "[h]:mm:ss", NULL};
    lxw_format *f[2][8];
    for (int b = 0; b < 2; b++)
        for (int c = 0; c < 8; c++) f[b][c] = fmt(wb, nums[c], b);
    const char *titles[8] = {"Id", "Device", "Time (UTC)", "CPU", "Memory", "Availability", "Downtime", "Status"};
    double widths[8] = {10, 18, 20, 10, 10, 14, 12, 18};
    for (int c = 0; c < 8; c++) CHECK(worksheet_set_column(ws, c, c, widths[c], NULL));
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);
    worksheet_fit_to_pages(ws, 1, 0);
    CHECK(worksheet_repeat_rows(ws, 0, 0));
    CHECK(worksheet_set_row(ws, 0, 30, NULL));
    for (int c = 0; c < 8; c++) CHECK(worksheet_write_string(ws, 0, c, titles[c], header));
    worksheet_freeze_panes(ws, 1, 0);
    const long epoch = 1790000000L;
    char name[32];
    for (long i = 0; i < rows; i++) {
        lxw_row_t r = (lxw_row_t)(i + 1);
        int b = i % 7 == 0;
        long k = i % 1000;
        snprintf(name, sizeof name, "device-%06ld", i % 10000);
        CHECK(worksheet_write_number(ws, r, 0, (double)(i + 1), f[b][0]));
        CHECK(worksheet_write_string(ws, r, 1, name, f[b][1]));
        CHECK(worksheet_write_number(ws, r, 2, (double)(epoch + i * 60) / 86400.0 + 25569.0, f[b][2]));
        CHECK(worksheet_write_number(ws, r, 3, (double)(i * 7919 % 10000) / 100.0, f[b][3]));
        CHECK(worksheet_write_number(ws, r, 4, (double)(i * 104729 % 10000) / 100.0, f[b][4]));
        CHECK(worksheet_write_number(ws, r, 5, (100.0 - (double)k / 1000.0) / 100.0, f[b][5]));
        CHECK(worksheet_write_number(ws, r, 6, (double)(k * 36) / 86400.0, f[b][6]));
        CHECK(worksheet_write_string(ws, r, 7, b ? "breached" : "ok", f[b][7]));
    }
    CHECK(worksheet_autofilter(ws, 0, 0, (lxw_row_t)(rows > 0 ? rows : 1), 7));
    CHECK(workbook_close(wb));
    return 0;
}
