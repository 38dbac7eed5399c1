"""The categories a problem is filed under, as first loaded (migration 0003). After that
they are data: the admin changes a category's department function, deadline or name, or
adds one, and routing follows.

Deadlines are in working days: a software fault blocks the offices' daily work and gets
two or three; a money question waits on the finance department's rules and gets ten.
"""

# (code, Vietnamese name, English name, function, working days, subcategories)
TREE = [
    ("procedure", "Thủ tục, quy trình rà soát và bàn giao sổ", "Review and handover procedure",
     "book_card", 5, [
         ("procedure-review", "Rà soát, đối chiếu quá trình đóng (Mẫu 03)",
          "Reviewing the contribution history (form 03)", "book_card", 5),
         ("procedure-handover", "Bàn giao sổ cho người lao động (Mẫu 01)",
          "Handing books over to workers (form 01)", "book_card", 5),
         ("procedure-papers", "Hồ sơ bổ sung, điều chỉnh (Mẫu 02)",
          "Papers to add, corrections (form 02)", "book_card", 5),
         ("procedure-duplicate", "Gộp sổ, một người có nhiều mã số BHXH",
          "Merging books, a worker with several numbers", "book_card", 7),
         ("procedure-untraceable", "Người lao động nghỉ việc, không liên lạc được, mất sổ",
          "Worker left, cannot be reached, book lost", "book_card", 7),
     ]),
    ("software", "Phần mềm, công nghệ thông tin", "Software and IT", "it", 3, [
         ("software-fault", "Lỗi phần mềm", "Software fault", "it", 2),
         ("software-data", "Dữ liệu trên phần mềm sai hoặc thiếu", "Wrong or missing data",
          "it", 3),
         ("software-printing", "In bìa sổ, tờ rời, Mẫu 03", "Printing covers, sheets, form 03",
          "it", 3),
         ("software-accounts", "Tài khoản, phân quyền sử dụng", "Accounts and permissions",
          "it", 2),
     ]),
    ("money", "Kinh phí, thanh quyết toán", "Money and settlement", "finance", 10, [
         ("money-rates", "Định mức chi rà soát, nhập dữ liệu, bàn giao",
          "Unit rates for reviewing, entering data, handing over", "finance", 10),
         ("money-budget", "Dự toán, phân bổ kinh phí", "Budget and allocation", "finance", 10),
         ("money-settlement", "Thanh quyết toán kinh phí", "Settlement of accounts",
          "finance", 10),
         ("money-postage", "Chi phí bưu điện, chuyển phát sổ", "Postage of books", "finance",
          10),
     ]),
    ("revenue", "Thu, nợ đóng BHXH", "Revenue and arrears", "revenue", 7, [
         ("revenue-arrears", "Đơn vị nợ đóng, chậm đóng", "Employer in arrears", "revenue", 7),
         ("revenue-wage", "Tiền lương đóng, tỷ lệ đóng", "Wage and rate of contributions",
          "revenue", 7),
         ("revenue-refund", "Hoàn trả số tiền đóng trùng", "Refund of months paid twice",
          "revenue", 10),
         ("revenue-dissolved", "Đơn vị giải thể, phá sản, không còn hoạt động",
          "Employer dissolved, bankrupt or gone", "revenue", 10),
     ]),
    ("benefits", "Chế độ BHXH", "Social insurance benefits", "benefits", 7, [
         ("benefits-periods", "Xác nhận thời gian đóng để hưởng chế độ",
          "Confirming contribution time for benefits", "benefits", 7),
         ("benefits-claims", "Hồ sơ đang giải quyết hưởng chế độ",
          "Benefit claims in progress", "benefits", 7),
         ("benefits-deceased", "Người lao động đã chết, thân nhân nhận sổ",
          "Worker deceased, relatives receiving the book", "benefits", 7),
     ]),
    ("other", "Vướng mắc khác", "Other problems", "book_card", 5, [
         ("other-general", "Vướng mắc khác", "Other", "book_card", 5),
     ]),
]  # fmt: skip


def load_categories(category_model) -> int:
    """Create the categories of `TREE` that are missing (by code); return how many. Takes the
    model so that the data migration can pass its historical one."""
    existing = set(category_model.objects.values_list("code", flat=True))
    made = 0
    for position, (code, name, name_en, function, days, children) in enumerate(TREE, 1):
        top = category_model.objects.filter(code=code).first()
        if top is None:
            top = category_model.objects.create(
                code=code,
                name=name,
                name_en=name_en,
                function=function,
                deadline_days=days,
                position=position * 10,
            )
            made += 1
        for offset, (sub_code, sub_name, sub_en, sub_function, sub_days) in enumerate(children, 1):
            if sub_code in existing:
                continue
            category_model.objects.create(
                parent=top,
                code=sub_code,
                name=sub_name,
                name_en=sub_en,
                function=sub_function,
                deadline_days=sub_days,
                position=position * 10 + offset,
            )
            made += 1
    return made
