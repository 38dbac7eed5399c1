"""What the demo's problems say, per subcategory: titles, descriptions and answers as the
offices write them, with the blanks the planner fills ({employer}, {office}, {n}, {month},
{year}). Vietnamese data, not interface text: not translated."""

# code -> [(title, description, answer)]
TEXTS: dict[str, list[tuple[str, str, str]]] = {
    "procedure-review": [
        ("Người lao động không ký xác nhận Mẫu 03",
         "{employer} đã phát Mẫu 03 cho {n} người lao động nhưng nhiều người không ký xác nhận "
         "vì cho rằng quá trình đóng chưa đầy đủ. Đề nghị hướng dẫn cách xử lý để tiếp tục bàn "
         "giao sổ.",
         "Đơn vị lập danh sách người lao động chưa ký kèm ý kiến của từng người; BHXH huyện đối "
         "chiếu với dữ liệu thu và trả lời bằng văn bản. Sổ của người lao động không có ý kiến "
         "khác sau 15 ngày được coi là đã xác nhận theo Công văn 4027/BHXH-ST."),
        ("Mẫu 03 in ra thiếu thời gian đóng trước năm 1995",
         "Khi in phiếu đối chiếu (Mẫu 03) cho người lao động của {employer}, thời gian công tác "
         "trước năm 1995 không hiển thị dù đã được ghi trên sổ cũ. Xin hướng dẫn đối chiếu.",
         "Thời gian công tác trước 01/01/1995 được ghi theo hồ sơ gốc, không thể hiện trên Mẫu "
         "03 in từ phần mềm. Cán bộ thu ghi bổ sung vào phần ghi chú của Mẫu 03 và lưu bản sao "
         "hồ sơ gốc."),
        ("Đối chiếu quá trình đóng khi người lao động làm nhiều đơn vị",
         "Người lao động đã làm việc tại {n} đơn vị khác nhau, mỗi đơn vị có một phần quá trình "
         "đóng. Đơn vị hiện tại hỏi có phải xác nhận cả quá trình ở đơn vị cũ không.",
         "Đơn vị hiện tại chỉ xác nhận quá trình đóng tại đơn vị mình; quá trình ở đơn vị cũ do "
         "cơ quan BHXH đối chiếu theo dữ liệu đã chốt, người lao động ký xác nhận chung trên "
         "Mẫu 03."),
    ],
    "procedure-handover": [
        ("Người lao động ủy quyền cho người khác nhận sổ",
         "Một số người lao động của {employer} đang làm việc xa, đề nghị cho người thân nhận sổ "
         "thay. Xin hướng dẫn giấy tờ cần có khi bàn giao.",
         "Người nhận thay xuất trình giấy ủy quyền có xác nhận của UBND xã hoặc công chứng và "
         "CMND/CCCD của mình; đơn vị ghi rõ họ tên người nhận thay vào Mẫu 01."),
        ("Quá hạn 20 ngày làm việc giao sổ cho người lao động",
         "{employer} nhận lại {n} sổ từ tháng {month}/{year} nhưng chưa giao hết cho người lao "
         "động do đang làm theo ca. Có bị xử lý vi phạm không?",
         "Đơn vị phải giao sổ trong 20 ngày làm việc kể từ khi nhận lại từ cơ quan BHXH. Trường "
         "hợp khách quan, đơn vị có văn bản giải trình gửi BHXH huyện và hoàn thành trong tháng; "
         "BHXH huyện theo dõi, đôn đốc."),
        ("Mẫu 01 thiếu chữ ký của người lao động",
         "Danh sách giao nhận sổ (Mẫu 01) của {employer} gửi lại thiếu chữ ký của {n} người lao "
         "động đã nghỉ việc. Đề nghị hướng dẫn.",
         "Với người đã nghỉ việc, đơn vị gửi thông báo đến địa chỉ cuối cùng; sau 30 ngày không "
         "liên hệ được thì ghi rõ lý do trên Mẫu 01 và nộp lại sổ cho BHXH huyện lưu giữ."),
    ],
    "procedure-papers": [
        ("Hồ sơ điều chỉnh tiền lương thiếu quyết định nâng lương",
         "Người lao động của {employer} đề nghị điều chỉnh tiền lương năm {year} nhưng đơn vị "
         "không còn lưu quyết định nâng lương. Hồ sơ có được chấp nhận không?",
         "Cần có bảng lương hoặc quyết định nâng lương có chữ ký của người có thẩm quyền; nếu "
         "thất lạc, đơn vị lập văn bản giải trình kèm bảng thanh toán tiền lương tháng tương ứng. "
         "BHXH huyện lập Mẫu 02 hướng dẫn bổ sung."),
        ("Thời hạn trả Mẫu 02 yêu cầu bổ sung hồ sơ",
         "BHXH huyện đã gửi Mẫu 02 cho {employer} từ tháng {month}/{year} nhưng đơn vị chưa bổ "
         "sung. Có được trả lại toàn bộ hồ sơ không?",
         "Sau 15 ngày làm việc kể từ ngày gửi Mẫu 02 mà đơn vị chưa bổ sung, BHXH huyện trả lại "
         "hồ sơ phần chưa đủ, các sổ còn lại vẫn xử lý và bàn giao bình thường."),
    ],
    "procedure-duplicate": [
        ("Người lao động có hai sổ BHXH với hai mã số",
         "Phát hiện {n} người lao động của {employer} mỗi người có hai sổ BHXH cấp ở hai tỉnh "
         "khác nhau, có tháng đóng trùng. Xin hướng dẫn gộp sổ.",
         "Đơn vị lập Mẫu TK1-TS của người lao động kèm hai sổ; BHXH huyện gộp về mã số cấp trước, "
         "đóng mã số còn lại và làm thủ tục hoàn trả số tiền đóng trùng theo quy định."),
        ("Gộp sổ khi một sổ đang ở tỉnh khác",
         "Sổ thứ hai của người lao động đang do BHXH tỉnh khác quản lý. Có phải chờ tỉnh đó "
         "chuyển sổ về mới gộp được không?",
         "Không cần chờ chuyển sổ giấy: BHXH huyện gửi đề nghị xác nhận quá trình qua phần mềm, "
         "tỉnh quản lý sổ xác nhận trong 5 ngày làm việc, sau đó gộp theo dữ liệu tập trung."),
    ],
    "procedure-untraceable": [
        ("Người lao động đã nghỉ việc không liên lạc được",
         "{employer} còn {n} sổ của người lao động đã nghỉ việc từ năm {year}, đã gọi điện và "
         "gửi thư nhưng không liên lạc được. Xử lý các sổ này thế nào?",
         "Đơn vị lập danh sách kèm bằng chứng đã thông báo, nộp sổ cho BHXH huyện lưu giữ; khi "
         "người lao động đến nhận, BHXH huyện bàn giao trực tiếp và cập nhật trạng thái sổ."),
        ("Đơn vị làm mất sổ BHXH của người lao động",
         "{employer} báo mất {n} sổ BHXH trong quá trình chuyển trụ sở. Đề nghị hướng dẫn cấp "
         "lại để bàn giao.",
         "Đơn vị lập văn bản báo mất sổ, người lao động kê khai Mẫu TK1-TS; BHXH huyện cấp lại "
         "sổ theo dữ liệu đã đối chiếu, ghi rõ lý do cấp lại và bàn giao theo Mẫu 01."),
    ],
    "software-fault": [
        ("Phần mềm báo lỗi khi in Mẫu 03 hàng loạt",
         "Khi in Mẫu 03 cho hơn {n} người lao động của {employer}, phần mềm báo lỗi “Hết thời "
         "gian chờ” và dừng giữa chừng. Đã thử lại nhiều lần vào buổi sáng.",
         "Lỗi do truy vấn quá lâu khi in trên 500 phiếu một lần; đã khắc phục trong bản cập nhật "
         "ngày {day}. Tạm thời in theo từng nhóm dưới 200 người lao động."),
        ("Không lưu được kết quả rà soát trên phần mềm",
         "Cán bộ {office} nhập kết quả rà soát nhưng khi bấm Lưu phần mềm báo lỗi hệ thống, dữ "
         "liệu không được ghi nhận.",
         "Lỗi phát sinh khi tên đơn vị có ký tự đặc biệt; Trung tâm CNTT đã sửa và cập nhật "
         "phiên bản mới. Đề nghị tải lại trang và nhập lại các hồ sơ chưa lưu."),
        ("Phần mềm rà soát chạy rất chậm giờ cao điểm",
         "Từ 8 giờ đến 10 giờ sáng phần mềm rà soát tại {office} mở mỗi trang mất hơn một phút, "
         "ảnh hưởng tiến độ bàn giao sổ.",
         "Đã bổ sung máy chủ và tối ưu truy vấn tra cứu quá trình đóng; đề nghị các đơn vị "
         "không xuất báo cáo tổng hợp trong giờ cao điểm."),
    ],
    "software-data": [
        ("Dữ liệu quá trình đóng trên phần mềm khác sổ giấy",
         "Quá trình đóng của {n} người lao động thuộc {employer} trên phần mềm thiếu các tháng "
         "năm {year} so với sổ giấy đã ghi.",
         "Dữ liệu trước khi chuyển đổi còn thiếu; BHXH huyện nhập bổ sung theo sổ giấy và hồ sơ "
         "thu, Trung tâm CNTT đồng bộ lại dữ liệu sau khi được duyệt."),
        ("Sai ngày sinh của người lao động trên dữ liệu",
         "Ngày sinh của người lao động trên phần mềm khác với CMND/CCCD, không in được bìa sổ "
         "mới. Đề nghị hướng dẫn điều chỉnh.",
         "Đơn vị nộp Mẫu TK1-TS kèm bản sao CMND/CCCD; BHXH huyện điều chỉnh thông tin nhân thân "
         "trên phần mềm, sau đó in lại bìa sổ."),
    ],
    "software-printing": [
        ("Máy in không in được bìa sổ mẫu mới",
         "{office} được cấp phôi bìa sổ mẫu mới nhưng khi in lệch dòng, chữ đè lên khung.",
         "Cập nhật mẫu in theo hướng dẫn của Trung tâm CNTT (căn lề trên 12 mm), chọn khổ giấy "
         "tùy chỉnh; nếu vẫn lệch, gửi ảnh bản in để được hỗ trợ trực tiếp."),
        ("In tờ rời bị lỗi phông chữ tiếng Việt",
         "Tờ rời in ra bị lỗi dấu tiếng Việt ở tên đơn vị và chức danh công việc.",
         "Cài bộ phông Unicode kèm phần mềm và chọn lại phông mặc định của mẫu in; lỗi xuất hiện "
         "trên máy chưa cài phông."),
    ],
    "software-accounts": [
        ("Cấp tài khoản phần mềm cho cán bộ mới",
         "{office} có {n} cán bộ mới được phân công rà soát sổ, đề nghị cấp tài khoản sử dụng "
         "phần mềm.",
         "Đã cấp tài khoản theo danh sách; mật khẩu được gửi qua thư công vụ của từng cán bộ. "
         "Đề nghị đổi mật khẩu ngay lần đăng nhập đầu tiên."),
        ("Tài khoản bị khóa sau khi nhập sai mật khẩu",
         "Tài khoản của cán bộ {office} bị khóa, không thực hiện được rà soát.",
         "Đã mở khóa tài khoản; tài khoản tự khóa sau 5 lần nhập sai, cán bộ dùng chức năng "
         "quên mật khẩu để đặt lại."),
    ],
    "money-rates": [
        ("Định mức chi cho việc rà soát một sổ BHXH",
         "BHXH {province} đề nghị hướng dẫn mức chi cho mỗi sổ được rà soát và mỗi bản ghi nhập "
         "dữ liệu điều chỉnh trong năm 2017.",
         "Mức chi thực hiện theo hướng dẫn của Vụ Tài chính - Kế toán: chi theo số sổ đã rà soát "
         "và số bản ghi thực tế nhập, thanh toán theo bảng kê có xác nhận của lãnh đạo phòng."),
        ("Chi trả cho cộng tác viên nhập dữ liệu",
         "{office} thuê {n} cộng tác viên nhập dữ liệu tờ rời. Có được chi từ kinh phí rà soát "
         "không?",
         "Được chi theo hợp đồng khoán việc, trong định mức nhập dữ liệu; hồ sơ thanh toán gồm "
         "hợp đồng, biên bản nghiệm thu và bảng kê số bản ghi."),
    ],
    "money-budget": [
        ("Bổ sung dự toán kinh phí in bìa sổ",
         "Số sổ cần in lại bìa của BHXH {province} tăng thêm {n} nghìn sổ so với kế hoạch, dự "
         "toán đã giao không đủ. Đề nghị bổ sung.",
         "BHXH tỉnh lập dự toán bổ sung kèm thuyết minh số sổ thực tế, gửi Vụ Tài chính - Kế "
         "toán trước ngày 15 của tháng; kinh phí được bổ sung trong đợt phân bổ tiếp theo."),
        ("Tiền in bìa sổ mới cho đơn vị đông lao động",
         "{employer} có {n} sổ mẫu cũ cần cấp bìa mới. Kinh phí in bìa lấy từ nguồn nào?",
         "Kinh phí in bìa sổ do cơ quan BHXH chi từ dự toán rà soát, bàn giao sổ; đơn vị không "
         "phải nộp chi phí."),
    ],
    "money-settlement": [
        ("Thanh quyết toán kinh phí rà soát, bàn giao sổ năm 2017",
         "BHXH {province} đề nghị hướng dẫn hồ sơ thanh quyết toán kinh phí rà soát, bàn giao sổ "
         "năm 2017, trong đó có chi phí thuê nhân công nhập dữ liệu {n} nghìn bản ghi.",
         "Hồ sơ gồm báo cáo số sổ đã rà soát, đã bàn giao theo Mẫu 05, bảng tổng hợp chi theo "
         "định mức và chứng từ; gửi Vụ Tài chính - Kế toán trước 31/3 năm sau."),
    ],
    "money-postage": [
        ("Chi phí chuyển phát sổ qua bưu điện",
         "{office} gửi trả sổ cho {n} người lao động đã nghỉ việc qua bưu điện. Có được thanh "
         "toán cước chuyển phát không?",
         "Được thanh toán theo hóa đơn của bưu điện, trong định mức chi bàn giao sổ; kèm danh "
         "sách người nhận và phiếu báo phát."),
    ],
    "revenue-arrears": [
        ("Đơn vị nợ đóng không chốt được sổ",
         "{employer} nợ đóng BHXH {n} tháng nên chưa chốt được sổ cho người lao động, người lao "
         "động yêu cầu nhận sổ.",
         "Sổ được xác nhận đến tháng đơn vị đã đóng đủ; các tháng nợ ghi rõ trên tờ rời. Khi đơn "
         "vị trả nợ, BHXH huyện xác nhận bổ sung. Phòng Quản lý thu tiếp tục đôn đốc thu nợ."),
        ("Người lao động nghỉ việc khi đơn vị đang nợ đóng",
         "Người lao động của {employer} đã nghỉ việc từ tháng {month}/{year} nhưng đơn vị còn "
         "nợ đóng, người lao động không nhận được sổ để hưởng trợ cấp thất nghiệp.",
         "Đơn vị phải đóng đủ cả phần nợ của người lao động đã nghỉ để được chốt sổ; trường hợp "
         "chưa đóng, BHXH huyện xác nhận thời gian đã đóng để người lao động làm thủ tục hưởng."),
    ],
    "revenue-wage": [
        ("Tiền lương đóng trên sổ thấp hơn thực tế",
         "Người lao động của {employer} phản ánh tiền lương đóng BHXH năm {year} ghi trên sổ "
         "thấp hơn lương thực nhận.",
         "Tiền lương đóng là tiền lương ghi trong hợp đồng lao động; nếu đơn vị đóng thấp hơn "
         "quy định thì phải truy đóng phần chênh lệch, sau đó sổ được điều chỉnh."),
        ("Tỷ lệ đóng BHTN ghi sai trên tờ rời",
         "Tờ rời của {n} người lao động ghi tỷ lệ đóng bảo hiểm thất nghiệp không đúng giai "
         "đoạn.",
         "Do lỗi chuyển đổi dữ liệu giai đoạn trước năm 2010; BHXH huyện điều chỉnh tỷ lệ theo "
         "quy định từng thời kỳ và in lại tờ rời."),
    ],
    "revenue-refund": [
        ("Hoàn trả tiền đóng trùng sau khi gộp sổ",
         "Sau khi gộp sổ, người lao động có {n} tháng đóng trùng ở hai đơn vị. Đề nghị hướng "
         "dẫn hoàn trả.",
         "Đơn vị nộp văn bản đề nghị hoàn trả kèm danh sách; BHXH hoàn trả phần đóng trùng của "
         "đơn vị và người lao động vào tài khoản đơn vị trong 10 ngày làm việc."),
    ],
    "revenue-dissolved": [
        ("Đơn vị đã giải thể, sổ chưa được chốt",
         "{employer} đã giải thể từ năm {year}, còn {n} sổ chưa chốt, không còn người đại diện "
         "để ký Mẫu 01.",
         "BHXH huyện chốt sổ đến thời điểm đơn vị đã đóng, lập biên bản với cơ quan quản lý đơn "
         "vị và giao sổ trực tiếp cho người lao động."),
    ],
    "benefits-periods": [
        ("Xác nhận thời gian đóng để hưởng lương hưu",
         "Người lao động của {employer} sắp đủ tuổi nghỉ hưu, sổ đang trong quá trình rà soát. "
         "Có được giải quyết hưởng trước khi bàn giao sổ không?",
         "Được giải quyết hưởng theo dữ liệu đã đối chiếu; sổ được ưu tiên rà soát và chuyển "
         "thẳng cho phòng Chế độ BHXH, không phải chờ bàn giao."),
    ],
    "benefits-claims": [
        ("Hồ sơ hưởng trợ cấp một lần đang chờ sổ",
         "Người lao động đã nộp hồ sơ hưởng BHXH một lần tháng {month}/{year} nhưng sổ đang ở "
         "đơn vị chờ rà soát.",
         "Phòng Chế độ BHXH phối hợp phòng Cấp sổ, thẻ ưu tiên chốt sổ trong 5 ngày làm việc để "
         "giải quyết chế độ đúng hạn."),
    ],
    "benefits-deceased": [
        ("Người lao động đã chết, thân nhân đề nghị nhận sổ",
         "Thân nhân của người lao động thuộc {employer} đã chết năm {year} đề nghị nhận sổ để "
         "làm thủ tục hưởng trợ cấp tuất.",
         "Thân nhân xuất trình giấy chứng tử và giấy tờ chứng minh quan hệ; đơn vị giao sổ và "
         "ghi rõ người nhận trên Mẫu 01, hướng dẫn thân nhân nộp hồ sơ hưởng tuất."),
    ],
    "other-general": [
        ("Tuyên truyền về quyền giữ sổ của người lao động",
         "{office} đề nghị cung cấp tài liệu tuyên truyền để phát cho người lao động khi bàn "
         "giao sổ.",
         "Tài liệu tờ gấp và áp phích đã được đăng trên cổng thông tin điện tử BHXH Việt Nam; "
         "BHXH tỉnh in và phát theo kinh phí tuyên truyền được giao."),
        ("Đơn vị không hợp tác trong việc rà soát sổ",
         "{employer} không bố trí người phối hợp rà soát dù BHXH huyện đã có {n} văn bản đôn "
         "đốc.",
         "BHXH huyện lập biên bản làm việc, báo cáo UBND huyện và Sở Lao động - Thương binh và "
         "Xã hội; trường hợp cần thiết đưa vào kế hoạch thanh tra, kiểm tra."),
    ],
}  # fmt: skip

NOTES = (
    "Đã gọi điện cho cán bộ chuyên quản của đơn vị, đang chờ số liệu.",
    "Đề nghị BHXH huyện gửi bổ sung danh sách kèm theo.",
    "Vướng mắc tương tự đã được trả lời trước đây, tham khảo khi soạn câu trả lời.",
    "Trình lãnh đạo phòng duyệt nội dung trả lời.",
    "Phối hợp phòng Quản lý thu kiểm tra số liệu nợ của đơn vị.",
    "Đã kiểm tra trên phần mềm, dữ liệu khớp với phản ánh.",
)
REOPEN_REASONS = (
    "Câu trả lời chưa nêu rõ căn cứ văn bản, đề nghị hướng dẫn cụ thể hơn.",
    "Đã làm theo hướng dẫn nhưng vẫn chưa xử lý được.",
    "Đơn vị chưa đồng ý với cách xử lý, đề nghị xem xét lại.",
)
SEND_UP_NOTES = (
    "Vượt thẩm quyền của BHXH tỉnh, đề nghị BHXH Việt Nam hướng dẫn.",
    "Chưa có văn bản hướng dẫn, xin ý kiến của đơn vị chuyên môn ở Trung ương.",
    "",
)
CLOSE_BY_DEPARTMENT = (
    "Trùng với vướng mắc đã gửi trước đó.",
    "Không phải vướng mắc: nội dung đã có trong Công văn 4027/BHXH-ST.",
)
CLOSE_BY_RAISER = ("Đơn vị đã tự xử lý xong, rút lại vướng mắc.", "Gửi nhầm, đã gửi lại.")
RECATEGORISE_NOTES = ("Chuyển đúng nhóm vướng mắc.", "")
