/**
 * Names of the Decision 766 counts in Vietnamese and English (what the entry form, the what-if panel and the Excel
 * template show). The keys are the count names of the rule table (indicators.ts).
 */
export const COUNT_LABELS: Readonly<Record<string, { vi: string; en: string }>> = {
  received: { vi: 'Số hồ sơ tiếp nhận', en: 'Dossiers received' },
  onTime: { vi: 'Số hồ sơ đúng hạn', en: 'Dossiers on time' },
  fullOnlineEligibleDossiers: { vi: 'Hồ sơ của TTHC đủ điều kiện DVCTT toàn trình', en: 'Dossiers of procedures eligible for full online' },
  fullOnlineDossiers: { vi: 'Hồ sơ DVCTT toàn trình', en: 'Full-online dossiers' },
  financialObligationDossiers: { vi: 'Hồ sơ có nghĩa vụ tài chính', en: 'Dossiers with a financial obligation' },
  onlinePaidDossiers: { vi: 'Hồ sơ thanh toán trực tuyến', en: 'Dossiers paid online' },
  feeProcedures: { vi: 'TTHC có phí, lệ phí', en: 'Procedures with fees' },
  feeProceduresWithOnlinePayment: { vi: 'TTHC có thanh toán trực tuyến', en: 'Fee procedures paid online' },
  feeProceduresWithFeeSync: { vi: 'TTHC có hồ sơ đồng bộ phí', en: 'Fee procedures with fee sync' },
  proceduresPublished: { vi: 'Số TTHC phải công bố', en: 'Procedures to be announced' },
  proceduresPublishedOnTime: { vi: 'Số TTHC công bố đúng hạn', en: 'Procedures announced on time' },
  proceduresToPublicise: { vi: 'Số TTHC phải cập nhật, công khai', en: 'Procedures to be publicised' },
  proceduresPublicisedOnTime: { vi: 'Số TTHC cập nhật, công khai đúng hạn', en: 'Procedures publicised on time' },
  proceduresPublic: { vi: 'Số TTHC đang công khai', en: 'Procedures publicised' },
  proceduresPublicComplete: { vi: 'Số TTHC công khai đầy đủ các bộ phận', en: 'Procedures publicised in full' },
  dossiersSynced: { vi: 'Số hồ sơ đồng bộ lên Cổng DVCQG', en: 'Dossiers synced to the national portal' },
  dossiersReceivedNationalReport: { vi: 'Số hồ sơ tiếp nhận (báo cáo chung)', en: 'Dossiers received (national report)' },
  dossiersReceivedDvcqg: { vi: 'Số hồ sơ tiếp nhận trên Cổng DVCQG', en: 'Dossiers received on the national portal' },
  proceduresWithOnlineService: { vi: 'Số TTHC cung cấp DVCTT', en: 'Procedures with an online service' },
  procedures: { vi: 'Tổng số TTHC', en: 'Procedures' },
  onlineServicesWithDossiers: { vi: 'Số DVCTT có phát sinh hồ sơ', en: 'Online services with dossiers' },
  onlineServices: { vi: 'Tổng số DVCTT', en: 'Online services' },
  dossiersReceivedOnline: { vi: 'Số hồ sơ nộp trực tuyến', en: 'Dossiers submitted online' },
  dossiersReceived: { vi: 'Số hồ sơ tiếp nhận', en: 'Dossiers received' },
  feedbackOnTime: { vi: 'Số PAKN xử lý đúng hạn', en: 'Feedback handled on time' },
  feedbackTotal: { vi: 'Tổng số PAKN', en: 'Feedback (PAKN) received' },
  feedbackDisliked: { vi: 'Số PAKN không hài lòng', en: 'Feedback with dissatisfaction' },
  feedbackRepeated: { vi: 'Số PAKN tiếp tục phản ánh', en: 'Feedback raised again' },
  feedbackOverdue: { vi: 'Số PAKN quá hạn', en: 'Feedback overdue' },
  dossiersHandled: { vi: 'Số hồ sơ đã tiếp nhận, giải quyết', en: 'Dossiers handled' },
  dossiersOverdue: { vi: 'Số hồ sơ quá hạn', en: 'Dossiers overdue' },
  dossiersWithFeedbackOrDislike: { vi: 'Số hồ sơ có PAKN hoặc không hài lòng', en: 'Dossiers with feedback or dissatisfaction' },
  dossiersWithElectronicResult: { vi: 'Số hồ sơ có kết quả điện tử', en: 'Dossiers with an electronic result' },
  dossiersResolved: { vi: 'Số hồ sơ đã giải quyết', en: 'Dossiers resolved' },
  dossiersDigitised: { vi: 'Số hồ sơ được số hóa', en: 'Dossiers digitised' },
  communesWithCertifiedCopy: { vi: 'Số xã cung cấp chứng thực bản sao điện tử', en: 'Communes offering electronic certified copies' },
  communes: { vi: 'Tổng số xã', en: 'Communes' },
  dossiersReusingDigitisedData: { vi: 'Số hồ sơ sử dụng lại dữ liệu số hóa', en: 'Dossiers reusing digitised data' },
  dossiersDigitisedShared: { vi: 'Số hồ sơ số hóa được chia sẻ (kho dữ liệu cá nhân)', en: 'Digitised dossiers shared (personal data store)' },
  dossiersUsingPopulationData: { vi: 'Số hồ sơ sử dụng dữ liệu dân cư', en: 'Dossiers using population data' },
  proceduresConnectedToPopulationData: { vi: 'Số TTHC kết nối dữ liệu dân cư', en: 'Procedures connected to population data' },
  previousYearDossiersReceived: {
    vi: 'Số hồ sơ tiếp nhận năm trước (khi cả hai mẫu số bằng 0)',
    en: 'Dossiers received last year (used when both denominators are 0)',
  },
};

/** The labels of one language, by count name. */
export function countLabels(lang: 'vi' | 'en'): Record<string, string> {
  return Object.fromEntries(Object.entries(COUNT_LABELS).map(([k, v]) => [k, v[lang]]));
}
