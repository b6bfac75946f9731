/** User-facing error messages, Vietnamese first. `{name}` placeholders are filled from the error's params. */
export type Lang = 'vi' | 'en';

const catalogue = {
  not_found: { vi: 'Không tìm thấy dữ liệu yêu cầu.', en: 'The requested item was not found.' },
  route_not_found: { vi: 'Không có đường dẫn {url}.', en: 'There is no route {url}.' },
  forbidden: { vi: 'Bạn không có quyền thực hiện thao tác này.', en: 'You are not allowed to do this.' },
  forbidden_unit: {
    vi: 'Bạn không có quyền đối với dữ liệu của đơn vị này.',
    en: "You are not allowed to access this unit's data.",
  },
  unauthenticated: { vi: 'Vui lòng đăng nhập.', en: 'Please sign in.' },
  session_expired: { vi: 'Phiên làm việc đã hết hạn, vui lòng đăng nhập lại.', en: 'Your session has expired; please sign in again.' },
  invalid_token: { vi: 'Mã truy cập (API token) không hợp lệ hoặc đã bị thu hồi.', en: 'The API token is invalid or revoked.' },
  bad_credentials: { vi: 'Tên đăng nhập hoặc mật khẩu không đúng.', en: 'Wrong username or password.' },
  account_locked: {
    vi: 'Tài khoản tạm khóa do đăng nhập sai nhiều lần. Thử lại sau {minutes} phút.',
    en: 'The account is locked after repeated failed sign-ins. Try again in {minutes} minutes.',
  },
  account_inactive: { vi: 'Tài khoản đã bị vô hiệu hóa.', en: 'The account is deactivated.' },
  rate_limited: { vi: 'Quá nhiều yêu cầu, vui lòng thử lại sau ít phút.', en: 'Too many requests; please try again in a few minutes.' },
  csrf_failed: {
    vi: 'Yêu cầu thiếu mã chống giả mạo (CSRF). Hãy tải lại trang và thử lại.',
    en: 'The request lacks a valid CSRF token. Reload the page and try again.',
  },
  validation_failed: { vi: 'Dữ liệu gửi lên không hợp lệ.', en: 'The submitted data is invalid.' },
  malformed_json: { vi: 'Nội dung gửi lên không phải JSON hợp lệ.', en: 'The request body is not valid JSON.' },
  body_too_large: { vi: 'Dữ liệu hoặc tệp gửi lên quá lớn.', en: 'The request body or file is too large.' },
  unsupported_media_type: { vi: 'Định dạng nội dung không được hỗ trợ.', en: 'Unsupported content type.' },
  bad_request: { vi: 'Yêu cầu không hợp lệ.', en: 'Bad request.' },
  internal_error: { vi: 'Lỗi hệ thống. Vui lòng thử lại hoặc báo quản trị viên.', en: 'Internal error. Please retry or contact the administrator.' },
  zod_unknown_field: { vi: 'Trường không được hỗ trợ: {keys}.', en: 'Unknown field(s): {keys}.' },
  zod_required: { vi: 'Bắt buộc nhập.', en: 'Required.' },
  zod_invalid_type: { vi: 'Sai kiểu dữ liệu (cần {expected}).', en: 'Wrong type (expected {expected}).' },
  zod_too_small: { vi: 'Giá trị quá nhỏ hoặc quá ngắn (tối thiểu {minimum}).', en: 'Too small or too short (minimum {minimum}).' },
  zod_too_big: { vi: 'Giá trị quá lớn hoặc quá dài (tối đa {maximum}).', en: 'Too big or too long (maximum {maximum}).' },
  zod_invalid_format: { vi: 'Sai định dạng ({format}).', en: 'Invalid format ({format}).' },
  zod_invalid_value: { vi: 'Giá trị không hợp lệ (chấp nhận: {values}).', en: 'Invalid value (allowed: {values}).' },
  zod_invalid: { vi: 'Giá trị không hợp lệ.', en: 'Invalid value.' },
  // units
  unit_code_taken: {
    vi: 'Mã đơn vị {code} đã được dùng cho một đơn vị khác trong cùng thời gian hiệu lực.',
    en: 'Unit code {code} is already used by another unit in an overlapping validity period.',
  },
  unit_parent_required: { vi: 'Cần chọn đơn vị cấp trên (chỉ cấp tỉnh không có cấp trên).', en: 'A parent unit is required (only a province has none).' },
  unit_parent_province: { vi: 'Đơn vị cấp tỉnh không có đơn vị cấp trên.', en: 'A province has no parent unit.' },
  unit_parent_not_found: { vi: 'Không tìm thấy đơn vị cấp trên.', en: 'The parent unit was not found.' },
  unit_parent_cycle: {
    vi: 'Đơn vị cấp trên không thể là chính đơn vị này hoặc một đơn vị trực thuộc nó.',
    en: 'The parent cannot be the unit itself or one of its descendants.',
  },
  unit_validity_invalid: { vi: 'Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.', en: 'The end of validity must come after its start.' },
  unit_group_exists: { vi: 'Khối {code} đã tồn tại.', en: 'Group {code} already exists.' },
  unit_group_unknown: { vi: 'Khối không tồn tại: {groups}.', en: 'Unknown group(s): {groups}.' },
  lineage_tooFewPredecessors: {
    vi: 'Cần ít nhất hai đơn vị để sáp nhập thành đơn vị mới (hoặc một đơn vị nhập vào đơn vị đã có).',
    en: 'A merge into a new unit needs at least two units (or one unit merged into an existing one).',
  },
  lineage_duplicatePredecessor: { vi: 'Đơn vị {name} được chọn hai lần.', en: 'Unit {name} is selected twice.' },
  lineage_predecessorNotLiving: {
    vi: 'Đơn vị {name} không còn hiệu lực vào ngày trước {date} hoặc đã chấm dứt vào ngày khác; không thể sáp nhập/chia tách (trùng lặp thời gian hiệu lực).',
    en: 'Unit {name} does not exist on the day before {date} or already ceased on another date; it cannot be merged or split (overlapping validity).',
  },
  lineage_successorIsPredecessor: {
    vi: 'Đơn vị tiếp nhận {name} không thể đồng thời là đơn vị bị sáp nhập.',
    en: 'The receiving unit {name} cannot also be merged away.',
  },
  lineage_successorNotLiving: { vi: 'Đơn vị tiếp nhận {name} không có hiệu lực vào ngày {date}.', en: 'The receiving unit {name} does not exist on {date}.' },
  lineage_tooFewSuccessors: { vi: 'Chia tách cần ít nhất hai đơn vị mới.', en: 'A split needs at least two new units.' },
  lineage_cycle: {
    vi: 'Thao tác tạo vòng lặp trong lịch sử sáp nhập (một đơn vị trở thành tiền thân của chính nó).',
    en: 'This would create a cycle in the lineage (a unit would become its own predecessor).',
  },
  import_failed: {
    vi: 'Tệp có {count} lỗi; không có dữ liệu nào được ghi. Xem danh sách lỗi theo dòng/cột.',
    en: 'The file has {count} error(s); nothing was saved. See the row/column error list.',
  },
  not_excel: { vi: '{vi}', en: '{en}' },
  file_missing: { vi: 'Chưa chọn tệp để tải lên.', en: 'No file was uploaded.' },
  // users
  username_taken: { vi: 'Tên đăng nhập {username} đã tồn tại.', en: 'Username {username} already exists.' },
  role_needs_unit: { vi: 'Vai trò {role} phải gắn với một đơn vị.', en: 'Role {role} must be tied to a unit.' },
  role_no_unit: { vi: 'Vai trò {role} áp dụng toàn tỉnh, không gắn với đơn vị.', en: 'Role {role} is province-wide and takes no unit.' },
  role_unit_unknown: { vi: 'Không tìm thấy đơn vị của vai trò {role}.', en: 'The unit of role {role} was not found.' },
  cannot_demote_self: {
    vi: 'Bạn không thể tự gỡ quyền quản trị hoặc vô hiệu hóa chính mình.',
    en: 'You cannot remove your own admin role or deactivate yourself.',
  },
  // PAR Index
  par_stage_closed: {
    vi: 'Kỳ đánh giá đang ở giai đoạn "{stage}"; thao tác này không thực hiện được lúc này.',
    en: 'The cycle is in the "{stage}" stage; this action is not available now.',
  },
  par_status_locked: {
    vi: 'Hồ sơ đánh giá của đơn vị đang ở trạng thái "{status}"; không thể thực hiện thao tác này.',
    en: 'The unit\'s assessment is "{status}"; this action is not allowed.',
  },
  par_published: { vi: 'Kết quả đã công bố; dữ liệu chỉ được xem.', en: 'The results are published; the data is read-only.' },
  par_unknown_leaf: { vi: 'Không có tiêu chí chấm điểm mã {code} trong bộ chỉ số.', en: 'There is no scored criterion {code} in the framework.' },
  par_points_above_max: {
    vi: 'Điểm {points} vượt điểm tối đa {max} của tiêu chí {code}.',
    en: 'Points {points} exceed the maximum {max} of criterion {code}.',
  },
  par_points_below_min: {
    vi: 'Điểm {points} thấp hơn mức tối thiểu {min} của tiêu chí {code}.',
    en: 'Points {points} are below the minimum {min} of criterion {code}.',
  },
  par_points_precision: { vi: 'Điểm chỉ được có tối đa 2 chữ số thập phân.', en: 'Points may have at most 2 decimals.' },
  par_points_invalid: { vi: 'Giá trị chấm điểm không hợp lệ cho tiêu chí {code}.', en: 'Invalid scoring input for criterion {code}.' },
  par_survey_not_self_scored: {
    vi: 'Tiêu chí {code} được chấm qua điều tra xã hội học; đơn vị không tự chấm.',
    en: 'Criterion {code} is scored by the sociological survey; units do not self-score it.',
  },
  par_data_not_editable: {
    vi: 'Tiêu chí {code} lấy điểm từ dữ liệu hệ thống; không sửa tay được.',
    en: 'Criterion {code} takes its points from system data; it cannot be edited by hand.',
  },
  par_reason_required: {
    vi: 'Cần nêu lý do khi điểm thẩm định khác điểm tự chấm.',
    en: 'A reason is required when the appraised score differs from the self-score.',
  },
  par_not_assigned: { vi: 'Bạn không được phân công thẩm định đơn vị này.', en: 'You are not assigned to appraise this unit.' },
  par_stale: {
    vi: 'Tiêu chí {code} vừa được người khác cập nhật. Tải lại để xem điểm mới rồi nhập lại.',
    en: 'Criterion {code} was just updated by someone else. Reload to see the new value and enter yours again.',
  },
  par_incomplete: { vi: 'Còn {count} tiêu chí chưa chấm: {codes}.', en: '{count} criteria are not scored yet: {codes}.' },
  par_not_all_finalised: { vi: 'Còn {count} đơn vị chưa được chốt kết quả.', en: '{count} units are not finalised yet.' },
  par_evidence_type: {
    vi: 'Loại tệp không được phép ({ext}). Chỉ nhận PDF, ảnh JPG/PNG, Word, Excel, PowerPoint.',
    en: 'File type not allowed ({ext}). Only PDF, JPG/PNG images, Word, Excel and PowerPoint.',
  },
  par_evidence_name: { vi: 'Tên tệp không hợp lệ.', en: 'Invalid file name.' },
  par_framework_invalid: {
    vi: 'Bộ chỉ số có {count} lỗi; không có dữ liệu nào được ghi.',
    en: 'The framework has {count} error(s); nothing was saved.',
  },
  par_framework_exists: {
    vi: 'Đã có bộ chỉ số cùng tên cho khối và năm này.',
    en: 'A framework with this name already exists for this group and year.',
  },
  par_framework_in_use: { vi: 'Bộ chỉ số đang được dùng cho kỳ đánh giá; không sửa được.', en: 'The framework is used by a cycle and cannot be changed.' },
  par_no_units: { vi: 'Không có đơn vị nào thuộc khối {group} trong năm {year}.', en: 'No unit of group {group} exists in {year}.' },
  par_not_published: {
    vi: 'Kỳ đánh giá chưa công bố kết quả; phụ lục xếp hạng chỉ xuất được sau khi công bố.',
    en: 'The cycle is not published yet; the ranking annex can only be produced after publication.',
  },
  par_gaps_forbidden: {
    vi: 'Chỉ Sở Nội vụ và lãnh đạo được xem kết quả của tất cả các đơn vị mới xem được số liệu chênh lệch giữa điểm tự chấm và điểm thẩm định.',
    en: "Only the PAR office and leaders who may read every unit's results can see the gaps between self-scores and appraised scores.",
  },
  // dossiers (one-stop systems)
  dossier_file_unreadable: { vi: 'Không đọc được tệp hồ sơ: {reason}', en: 'The dossier file cannot be read: {reason}' },
  dossier_file_empty: { vi: 'Tệp không có dòng hồ sơ nào.', en: 'The file has no dossier rows.' },
  dossier_source_unknown: { vi: 'Không có hệ thống nguồn {source}.', en: 'There is no source system {source}.' },
  dossier_source_forbidden: {
    vi: 'Mã truy cập này không thuộc hệ thống nguồn {source}.',
    en: 'This token does not belong to source system {source}.',
  },
  // calendar
  calendar_not_weekend: { vi: 'Ngày làm bù phải là thứ Bảy hoặc Chủ nhật.', en: 'A make-up working day must be a Saturday or Sunday.' },
  calendar_range_too_long: { vi: 'Khoảng thời gian tối đa là 20 năm.', en: 'The range may span at most 20 years.' },
  holiday_exists: { vi: 'Ngày {day} đã có trong danh sách.', en: 'Day {day} is already in the list.' },
  // service index (Decision 766)
  service_index_invalid_period: {
    vi: 'Kỳ "{period}" không hợp lệ (dạng 2025, 2025-Q4, 2025-11 hoặc 2025-W03).',
    en: 'Period "{period}" is invalid (use 2025, 2025-Q4, 2025-11 or 2025-W03).',
  },
  service_index_no_rule_version: {
    vi: 'Không có bộ quy tắc Chỉ số phục vụ người dân, doanh nghiệp (QĐ 766) áp dụng cho kỳ {period}.',
    en: 'No Decision 766 rule version applies to period {period}.',
  },
  service_index_period_spans_versions: {
    vi: 'Kỳ {period} thuộc nhiều phiên bản quy tắc ({versions}); hãy chọn kỳ ngắn hơn.',
    en: 'Period {period} spans several rule versions ({versions}); choose a shorter period.',
  },
  service_index_duplicate_unit: { vi: 'Đơn vị {unitId} xuất hiện nhiều lần.', en: 'Unit {unitId} appears more than once.' },
  service_index_unknown_group: { vi: 'Không có nhóm chỉ số "{group}".', en: 'There is no indicator group "{group}".' },
  service_index_unknown_count: { vi: 'Nhóm {group} không có số liệu "{count}".', en: 'Group {group} has no count "{count}".' },
  service_index_count_missing: { vi: 'Thiếu số liệu {count}.', en: 'Count {count} is missing.' },
  service_index_count_invalid: { vi: 'Số liệu {count} phải là số nguyên không âm.', en: 'Count {count} must be a non-negative whole number.' },
  service_index_numerator_above_denominator: {
    vi: 'Chỉ tiêu {indicator}: {numerator} lớn hơn {denominator}.',
    en: 'Indicator {indicator}: {numerator} is greater than {denominator}.',
  },
  // surveys (SIPAS, PAR sociological survey)
  survey_not_found: { vi: 'Không tìm thấy cuộc khảo sát.', en: 'The survey was not found.' },
  survey_questionnaire_not_found: { vi: 'Không tìm thấy phiếu khảo sát hoặc phiên bản phiếu.', en: 'The questionnaire or version was not found.' },
  survey_questionnaire_exists: { vi: 'Đã có phiếu khảo sát mã "{code}".', en: 'A questionnaire with code "{code}" already exists.' },
  survey_questionnaire_invalid: { vi: 'Phiếu khảo sát chưa hợp lệ.', en: 'The questionnaire is not valid.' },
  survey_questionnaire_problem: { vi: '{at}: {problem}', en: '{at}: {problem}' },
  survey_version_locked: {
    vi: 'Phiên bản {version} của phiếu đã được dùng trong khảo sát nên không thể sửa; hãy tạo phiên bản mới.',
    en: 'Version {version} is used by a survey and can no longer change; create a new version.',
  },
  survey_kind_mismatch: { vi: 'Loại phiếu không khớp với loại khảo sát.', en: 'The questionnaire kind does not match the survey kind.' },
  survey_not_draft: { vi: 'Chỉ sửa được kế hoạch khi khảo sát còn ở trạng thái nháp.', en: 'The plan can only change while the survey is a draft.' },
  survey_not_open: { vi: 'Cuộc khảo sát không mở nhận phiếu (đã đóng hoặc chưa mở).', en: 'The survey is not open for responses (closed or not yet open).' },
  survey_transition_invalid: { vi: 'Không thể chuyển khảo sát từ "{from}" sang "{to}".', en: 'The survey cannot move from "{from}" to "{to}".' },
  survey_period_invalid: { vi: 'Kỳ khảo sát không hợp lệ: ngày bắt đầu sau ngày kết thúc.', en: 'Invalid survey period: the start is after the end.' },
  survey_unit_unknown: { vi: 'Không có đơn vị {unitId}.', en: 'There is no unit {unitId}.' },
  survey_unit_duplicate: { vi: 'Đơn vị {unitId} xuất hiện nhiều lần trong kế hoạch.', en: 'Unit {unitId} appears more than once in the plan.' },
  survey_unit_not_in_survey: { vi: 'Đơn vị {unitId} không thuộc cuộc khảo sát này.', en: 'Unit {unitId} is not part of this survey.' },
  survey_feed_measure_unknown: {
    vi: 'Chỉ số "{measure}" không có trong phiếu (dùng "overall" hoặc một yếu tố của phiếu).',
    en: 'Measure "{measure}" is not in the questionnaire (use "overall" or one of its elements).',
  },
  survey_token_unknown: { vi: 'Đường dẫn khảo sát không đúng hoặc đã hết hiệu lực.', en: 'The survey link is wrong or no longer valid.' },
  survey_token_used: { vi: 'Đường dẫn khảo sát này đã được dùng để trả lời.', en: 'This survey link has already been used to answer.' },
  survey_response_id_conflict: { vi: 'Mã phiếu trả lời đã được dùng cho phiếu khác.', en: 'The response id is already used by another response.' },
  survey_kiosk_unknown: { vi: 'Phiên kiosk không tồn tại hoặc đã đóng.', en: 'The kiosk session does not exist or is closed.' },
  survey_dossier_unknown: { vi: 'Không tìm thấy hồ sơ mã "{code}" của đơn vị này.', en: 'No dossier "{code}" was found for this unit.' },
  survey_dossier_answered: { vi: 'Hồ sơ "{code}" đã có phiếu trả lời trong cuộc khảo sát này.', en: 'Dossier "{code}" already has a response in this survey.' },
  survey_answers_invalid: { vi: 'Câu trả lời chưa đúng yêu cầu của phiếu.', en: 'The answers do not follow the questionnaire.' },
  survey_form_stored: { vi: 'Phiếu giấy số "{form}" đã được nhập.', en: 'Paper form "{form}" has already been entered.' },
  survey_sample_has_responses: {
    vi: 'Mẫu đã có phiếu trả lời nên không thể rút lại.',
    en: 'The sample already has responses and cannot be drawn again.',
  },
  survey_response_not_found: { vi: 'Không tìm thấy phiếu trả lời.', en: 'The response was not found.' },
  survey_answer_required: { vi: 'Câu hỏi bắt buộc chưa được trả lời.', en: 'This question must be answered.' },
  survey_answer_hidden: {
    vi: 'Câu hỏi này không áp dụng theo câu trả lời trước nên phải để trống.',
    en: 'This question does not apply given an earlier answer and must stay empty.',
  },
  survey_answer_unknown_question: { vi: 'Phiếu không có câu hỏi này.', en: 'The questionnaire has no such question.' },
  survey_answer_wrong_type: { vi: 'Kiểu câu trả lời không đúng.', en: 'The answer has the wrong type.' },
  survey_answer_out_of_range: { vi: 'Giá trị phải từ {min} đến {max}.', en: 'The value must be between {min} and {max}.' },
  survey_answer_not_integer: { vi: 'Giá trị phải là số nguyên.', en: 'The value must be a whole number.' },
  survey_answer_unknown_option: { vi: 'Lựa chọn không có trong phiếu.', en: 'The option is not in the questionnaire.' },
  survey_answer_duplicate_option: { vi: 'Một lựa chọn được chọn nhiều lần.', en: 'An option is chosen more than once.' },
  survey_answer_too_many: { vi: 'Chọn tối đa {max} phương án.', en: 'Choose at most {max} options.' },
  survey_answer_too_long: { vi: 'Tối đa {max} ký tự.', en: 'At most {max} characters.' },
  // plans (kế hoạch, nhiệm vụ, báo cáo tiến độ, đôn đốc, chiến dịch)
  plan_task_invalid: {
    vi: 'Nhiệm vụ chưa đủ "5 rõ" ({count} lỗi); chưa có gì được lưu.',
    en: 'The task does not meet the "5 clear" rule ({count} error(s)); nothing was saved.',
  },
  plan_task_work_required: { vi: 'Cần ghi rõ nội dung công việc (rõ việc).', en: 'The work must be stated.' },
  plan_task_lead_required: { vi: 'Cần chọn đơn vị chủ trì (rõ người).', en: 'A lead unit is required.' },
  plan_task_due_required: { vi: 'Cần có hạn hoàn thành hoặc lịch báo cáo định kỳ (rõ thời gian).', en: 'A due date or a recurring schedule is required.' },
  plan_task_due_before_plan: {
    vi: 'Hạn hoàn thành {due} trước ngày ban hành kế hoạch {planDate}.',
    en: 'The due date {due} is before the plan date {planDate}.',
  },
  plan_task_schedule_range: {
    vi: 'Lịch định kỳ không hợp lệ: ngày bắt đầu phải trước ngày kết thúc (tối đa 120 kỳ).',
    en: 'Invalid recurring schedule: the start must come before the end (at most 120 periods).',
  },
  plan_task_target_invalid: { vi: 'Chỉ tiêu phải là một số (ví dụ 90 hoặc 12,5).', en: 'The target must be a number (e.g. 90 or 12.5).' },
  plan_task_support_is_lead: { vi: 'Đơn vị chủ trì không đồng thời là đơn vị phối hợp.', en: 'The lead unit cannot also be a support unit.' },
  plan_task_cycle: {
    vi: 'Không thể đặt nhiệm vụ làm nhiệm vụ con của chính nó hoặc của một nhiệm vụ con của nó.',
    en: 'A task cannot become a sub-task of itself or of one of its own sub-tasks.',
  },
  plan_parent_other_plan: { vi: 'Nhiệm vụ cha phải thuộc cùng kế hoạch.', en: 'The parent task must belong to the same plan.' },
  plan_ref_taken: { vi: 'Số thứ tự {ref} đã có trong kế hoạch.', en: 'Reference {ref} is already used in this plan.' },
  plan_unit_unknown: { vi: 'Không tìm thấy đơn vị: {unit}.', en: 'Unknown unit(s): {unit}.' },
  plan_number_taken: { vi: 'Đã có kế hoạch số {number} ngày {date}.', en: 'Plan {number} of {date} already exists.' },
  plan_date_after_tasks: {
    vi: 'Ngày kế hoạch không thể sau hạn của các nhiệm vụ: {refs}.',
    en: 'The plan date cannot be after the due dates of tasks {refs}.',
  },
  plan_has_reports: { vi: 'Kế hoạch đã có báo cáo tiến độ, không thể xóa.', en: 'The plan has progress reports and cannot be deleted.' },
  plan_task_has_reports: { vi: 'Nhiệm vụ đã có báo cáo tiến độ, không thể xóa.', en: 'The task has progress reports and cannot be deleted.' },
  plan_schedule_reported: {
    vi: 'Không thể bỏ các kỳ đã có báo cáo: {periods}.',
    en: 'Periods that already have reports cannot be removed: {periods}.',
  },
  plan_subtask_unit: {
    vi: 'Đơn vị chủ trì chỉ giao nhiệm vụ con cho chính mình hoặc đơn vị trực thuộc.',
    en: 'A lead unit can give a sub-task only to itself or to a unit under it.',
  },
  plan_report_other_unit: {
    vi: 'Nhiệm vụ này do {unit} chủ trì; chỉ đơn vị chủ trì báo cáo tiến độ.',
    en: 'This task is led by {unit}; only the lead unit reports progress.',
  },
  plan_not_active: { vi: 'Kế hoạch không ở trạng thái đang thực hiện.', en: 'The plan is not active.' },
  plan_report_percent: { vi: 'Tỷ lệ hoàn thành phải từ 0 đến 100% (nhận được {percent}).', en: 'Progress must be between 0 and 100% (got {percent}).' },
  plan_report_done_percent: { vi: 'Nhiệm vụ đã hoàn thành phải có tỷ lệ 100%.', en: 'A done task must be at 100%.' },
  plan_report_not_started_percent: { vi: 'Nhiệm vụ chưa bắt đầu phải có tỷ lệ 0%.', en: 'A task not started must be at 0%.' },
  plan_report_occurrence: { vi: 'Kỳ báo cáo không thuộc nhiệm vụ này.', en: 'The reporting period does not belong to this task.' },
  plan_import_column_missing: { vi: 'Thiếu cột "{column}".', en: 'Column "{column}" is missing.' },
  plan_import_merged: {
    vi: 'Ô gộp {range}: hãy bỏ gộp ô và ghi đủ giá trị vào từng dòng.',
    en: 'Merged cells {range}: unmerge them and fill every row.',
  },
  plan_import_unit: { vi: 'Không có đơn vị "{value}" (ghi mã hoặc đúng tên đơn vị).', en: 'No unit "{value}" (give its code or exact name).' },
  plan_import_date: { vi: 'Ngày "{value}" không hợp lệ (dạng dd/mm/yyyy).', en: 'Invalid date "{value}" (use dd/mm/yyyy).' },
  plan_import_schedule: {
    vi: 'Lịch định kỳ "{value}" không hợp lệ (hằng tháng, hằng quý, 6 tháng, hằng năm).',
    en: 'Invalid recurring schedule "{value}" (monthly, quarterly, half-yearly, yearly).',
  },
  plan_import_parent: { vi: 'Không có nhiệm vụ cha {ref} trong bảng.', en: 'Parent task {ref} is not in the table.' },
  plan_import_duplicate: { vi: 'Số thứ tự {ref} bị lặp.', en: 'Reference {ref} appears twice.' },
  plan_import_no_rows: { vi: 'Bảng nhiệm vụ không có dòng nào.', en: 'The task table has no rows.' },
  plan_remedial_nothing: {
    vi: 'Đơn vị không có tiêu chí nào bị trừ điểm; không cần kế hoạch khắc phục.',
    en: 'The unit lost no points on any criterion; there is nothing to remedy.',
  },
  inspection_unit_not_assessed: {
    vi: 'Đơn vị không thuộc diện đánh giá năm {year} (sở, ban, ngành hoặc xã, phường còn hiệu lực cuối năm).',
    en: 'The unit is not assessed in {year} (an agency or commune in force at the end of the year).',
  },
  inspection_date_year: { vi: 'Ngày kiểm tra phải trong năm {year}.', en: 'The inspection date must fall in {year}.' },
  inspection_unit_twice: { vi: 'Một đơn vị được chọn hai lần.', en: 'A unit is listed twice.' },
  inspection_coverage_low: {
    vi: 'Kế hoạch kiểm tra mới bao phủ {covered}/{total} đơn vị ({percent}%); cần ít nhất 30% số đơn vị.',
    en: 'The inspection plan covers {covered} of {total} units ({percent}%); at least 30% is required.',
  },
  inspection_plan_exists: { vi: 'Đã có kế hoạch kiểm tra "{name}" năm {year}.', en: 'Inspection plan "{name}" of {year} already exists.' },
  inspection_checklist_items: {
    vi: 'Danh mục kiểm tra phải giữ nguyên các nội dung của kế hoạch, chỉ ghi kết quả.',
    en: "The checklist must keep the plan's items; only results are recorded.",
  },
  inspection_not_done: {
    vi: 'Chỉ ghi kết luận sau khi cuộc kiểm tra đã diễn ra (ghi ngày kiểm tra trước).',
    en: 'Findings are recorded after the inspection took place (record its date first).',
  },
  plan_report_quarter_future: { vi: 'Quý {quarter} năm {year} chưa bắt đầu.', en: 'Quarter {quarter} of {year} has not begun.' },
  campaign_dates: { vi: 'Ngày kết thúc chiến dịch phải sau ngày bắt đầu.', en: 'The campaign must end after it starts.' },
  campaign_milestone_order: { vi: 'Các mốc phải theo thứ tự ngày tăng dần.', en: 'Milestones must be in increasing day order.' },
  campaign_milestone_after_end: {
    vi: 'Mốc vượt quá thời gian chiến dịch ({length} ngày).',
    en: 'A milestone falls after the end of the campaign ({length} days).',
  },
  campaign_indicator_value: {
    vi: 'Chỉ tiêu này lấy số liệu trực tiếp từ Bộ chỉ số phục vụ (QĐ 766), không nhập tay.',
    en: 'This target reads its value live from the Decision 766 service index; it is not entered by hand.',
  },
  campaign_value_outside: {
    vi: 'Ngày số liệu phải trong thời gian chiến dịch ({start} – {end}).',
    en: 'The day must fall within the campaign ({start} – {end}).',
  },
  campaign_value_future: { vi: 'Không nhập số liệu cho ngày chưa đến.', en: 'Values cannot be entered for a future day.' },
  plan_import_has_reports: {
    vi: 'Kế hoạch đã có báo cáo tiến độ; không thể thay cả bảng nhiệm vụ.',
    en: 'The plan already has progress reports; its task table cannot be replaced.',
  },
  // procedure catalogue (danh mục TTHC)
  procedure_file_unreadable: { vi: '{vi}', en: '{en}' },
} as const satisfies Record<string, { vi: string; en: string }>;

export type MessageCode = keyof typeof catalogue;

export function message(code: MessageCode, lang: Lang, params: Record<string, string | number> = {}): string {
  const template = catalogue[code][lang];
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`));
}
